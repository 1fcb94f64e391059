# §2.6 (condition `on-failure`): a task still RUNNING that is restarted because its node went
# DOWN counts as a failure, so it is replaced: desired SHUTDOWN on the stale task (observed
# stays RUNNING), a replacement in the same slot on another node, started after the restart
# delay (§2.7: no waiting for the old task on a DOWN node).
at 0s create web nginx:latest replicas=3 restart=on-failure
run-until 10s
ps web
at 10s kill worker1
run-until 40s
ps web
