# §2.6 (condition `none`): no replacement, even when the task is restarted because its node was
# drained or went down. Draining worker1 shuts its task down (desired SHUTDOWN, then observed
# SHUTDOWN) and creates nothing; when worker2's machine dies, its node is DOWN ~15 s later and
# its task gets desired SHUTDOWN (observed still RUNNING), again with no new task.
at 0s create web nginx:latest replicas=3 restart=none
run-until 10s
ps web
at 10s drain worker1
at 10s kill worker2
run-until 40s
ps web
