# §10 S2 (TestReplicatedOrchestrator) and §2.4: tasks that fit no node stay PENDING. Scaling 1
# -> 3 adds slots 2 and 3; scaling back to 1 keeps the lowest slot (none is assigned or
# running) and sets desired REMOVE on slots 2 and 3, which the reaper deletes at once since they
# never reached a node (§1.6). Removing the service sets the last task to desired REMOVE.
at 0s create web nginx:latest constraint=node.labels.zone==none
run-until 1s
at 1s scale web 3
run-until 2s
at 2s scale web 1
run-until 3s
ps web
at 3s rm web
run-until 4s
