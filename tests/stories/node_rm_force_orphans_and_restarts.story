# §1.5 (node removal) and §2.7 (node deleted): `docker node rm --force` on a live worker moves
# every task on it to ORPHANED in the same step as the node's removal; the orchestrator then
# restarts them elsewhere. The old task is already past RUNNING, so the replacement does not
# wait for it, only for the 5 s restart delay. The history row names the removed node by ID.
at 0s create web nginx:latest replicas=3
run-until 10s
ps web
at 10s node-rm worker1 force
run-until 20s
ps web
nodes
