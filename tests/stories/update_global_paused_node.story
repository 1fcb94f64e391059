# swarmkit-behavior §3, §5.8: a global update never touches a PAUSEd node (`reconcileServices`
# hands the updater only the nodes that take new tasks). When the node is activated again, the
# node's own reconcile (`reconcileServicesOneNode`) replaces its out-of-date task at once: not a
# rolling update (no delay, no update status, the new task starts without waiting for the old
# one to stop).
at 0s create mon redis:latest mode=global
run-until 10s
at 10s pause worker1
at 20s update mon image=registry:latest delay=5s
run-until 60s
ps mon
at 60s activate worker1
run-until 80s
ps mon
