# docker-cli §2.1, swarmkit-behavior §5.2: `--update-monitor 0` leaves Monitor out of the spec
# the daemon hands SwarmKit, which then monitors for its default 5 s: a new task that crashes
# 2.6 s after it runs still pauses the update.
at 0s create web nginx:latest replicas=1
at 20s update web image=nginx:1.25 monitor=0s
run-until 25s
at 25s fail web.1 code=1
run-until 40s
ps web
