# §1.5 (leaving the down list): a node that re-registers is taken off the 24 h down list. A
# global task keeps worker1 busy. worker1 dies at 10 s (DOWN ~15 s later: its task gets desired
# SHUTDOWN, observed RUNNING), comes back at 1 h (its agent stops the stale task, the global
# orchestrator gives it a new one), and dies again at 2 h. Nothing is orphaned 24 h after the
# first failure; the new task is orphaned 24 h after the second DOWN.
at 0s create mon nginx:latest mode=global
run-until 10s
at 10s kill worker1
run-until 1h
at 1h start worker1
run-until 2h
at 2h kill worker1
run-until 25h
ps mon
run-until 27h
ps mon
