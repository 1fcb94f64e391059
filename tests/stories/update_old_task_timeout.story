# swarmkit-behavior §10 S17 and §5.4 STOP_FIRST: the old task ignores SIGTERM and its stop
# grace period is 3 minutes; the new task becomes desired RUNNING after the updater's one-minute
# `TaskTimeout`, while the old one is still stopping (it is killed later, and reads Shutdown).
at 0s create db alpine:3.7 stop-grace=3m
at 20s update db image=alpine:latest
run-until 220s
ps db
