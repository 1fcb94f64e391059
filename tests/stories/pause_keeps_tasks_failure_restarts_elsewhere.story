# §2.7 (PAUSE) and §4.7: pausing a node leaves its tasks alone; the scheduler places nothing new
# there (a scale-up skips it), and a task that fails on the paused node is restarted as usual,
# its replacement landing on another node.
at 0s create web nginx:latest replicas=3
run-until 10s
ps web
at 10s pause worker1
run-until 15s
at 15s scale web 5
run-until 20s
at 20s fail web.3 code=1
run-until 30s
ps web
