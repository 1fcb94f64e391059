# §2.5 (DelayStart, TaskTimeout) and §2.7 (DRAIN): a replacement for a task on a drained node
# gets no restart delay but waits for the old task to stop, at most one minute. busybox `ping`
# ignores SIGTERM and the service's stop grace period is 2 minutes, so the old task on the drained node
# is still running a minute later: the replacement, created and prepared at once, turns
# `desired ready -> running` at drain + 60 s while the old task still shows Running.
at 0s create db alpine:3.7 stop-grace=2m constraint=node.role==worker
run-until 20s
ps db
at 20s drain worker2
run-until 100s
ps db
