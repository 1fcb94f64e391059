# §3 (node DOWN) and §10 S28 (TestNodeState): when a node is DOWN its global task gets desired
# SHUTDOWN (observed still RUNNING) and nothing is created elsewhere. When the node is READY
# again, its agent stops the stale task and the global orchestrator creates a new task on it.
at 0s create mon alpine:latest mode=global
run-until 10s
at 10s kill worker1
run-until 40s
ps mon
at 40s start worker1
run-until 60s
ps mon
