# Seed 003: mysql without MYSQL_ROOT_PASSWORD exits with code 1 right after starting, and is
# restarted every 5 s. A user-defined image that crashes after 3 s does the same.
at 0s create nopass mysql:5.6
at 0s image myapp:2 pull=500ms start=200ms exit-after=3s code=2
at 0s create app myapp:2
run-until 30s
ps nopass app
