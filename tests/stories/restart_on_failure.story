# A task dies with exit code 1 under the default restart policy (any, 5 s delay): the old task
# gets desired SHUTDOWN, its replacement is created at once in the same slot with desired
# READY, prepared on a node, and started 5 s later. The failed task stays as history.
at 0s create web nginx:latest replicas=2
run-until 10s
at 10s fail web.1 code=1
run-until 30s
ps web
