# A node down when the leader changes goes on the new leader's down list with a fresh 24 hours:
# its stale task is orphaned 24 h after the election, not 24 h after the node went down.
at 0s node-add manager2 role=manager
at 0s node-add manager3 role=manager
at 0s create web nginx:latest replicas=3 constraint=node.role==worker
run-until 10s
at 10s kill worker2
run-until 1h
at 1h kill manager1
run-until 1441m
ps web
run-until 1510m
ps web
