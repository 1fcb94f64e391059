# swarmkit-behavior §5.5: the failure watch is a queue, so the failure that crosses the ratio
# is the first to happen, whatever the task IDs: web.2's new task crashes first, and the pause
# message names it.
at 0s create web nginx:latest replicas=2
at 20s update web image=nginx:1.25 parallelism=2 delay=10s monitor=30s
run-until 25s
at 25s fail web.2 code=1
at 26s fail web.1 code=1
run-until 60s
ps web
