# Placement constraints and max replicas per node. Tasks go only where constraints hold; what
# fits nowhere waits with SwarmKit's explanation; labelling a node lets it in. Removing the
# label from a node with a running task makes the constraint enforcer reject that task, and
# the replacement goes where the constraint holds.
at 0s create web nginx:latest replicas=3 constraint=node.role==worker max-per-node=1
at 0s create db redis:latest replicas=1 constraint=node.labels.disk==ssd
at 0s create bad nginx:latest constraint=node.role=worker
run-until 10s
ps web db
at 10s label worker2 disk=ssd
run-until 20s
ps db
at 20s label worker1 disk=ssd
at 20s unlabel worker2 disk
run-until 30s
ps db
at 30s unlabel worker2 disk
