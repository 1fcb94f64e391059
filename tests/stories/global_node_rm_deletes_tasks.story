# §3 (node deleted) and §10 S28 (TestDeleteNode): removing a node deletes its global tasks from
# the store (`task ... removed` lines), where a replicated task would have been kept as
# ORPHANED history and restarted elsewhere. worker1 dies, is DOWN ~15 s later (its task gets
# desired SHUTDOWN), and is then removed.
at 0s create mon alpine:latest mode=global
run-until 10s
at 10s kill worker1
run-until 40s
at 40s node-rm worker1
run-until 45s
ps mon
