# swarmkit-behavior §5.4, updater.go `updateTask`: a stop-first worker first waits for the
# restart supervisor's DelayStart (the old task stopped, or a minute passed), and only then
# reads what became of its new task. busybox `ping` ignores SIGTERM, so each old task takes its 10 s
# stop grace period; the new image does not exist and its tasks are rejected at once, but the
# worker takes the next slot only once the old task has been killed. (Failure action continue:
# the update goes on and completes.)
at 0s create db alpine:3.7 replicas=2
at 30s update db image=alpine:9.9 failure-action=continue
run-until 80s
ps db
