# Seed 003: a global service runs one task on every node; a node that joins gets one too.
# Draining a node shuts its global task down and nothing replaces it elsewhere; reactivating
# brings it back. Scaling a global service is refused.
at 0s create agent alpine:latest mode=global
run-until 10s
ps agent
at 10s node-add worker3
run-until 20s
at 20s drain worker1
run-until 30s
ps agent
at 30s activate worker1
at 30s scale agent 3
run-until 40s
ps agent
