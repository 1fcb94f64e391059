# §3 (labels change) and §4.8 (constraint enforcer): a global service constrained to
# node.labels.run==yes. Labelling worker1 gives it a task. Removing the label from the ACTIVE
# node makes the constraint enforcer reject the running task (observed REJECTED, "assigned node
# no longer meets constraints"); the global orchestrator then sets desired SHUTDOWN and creates
# no replacement.
at 0s label worker2 run=yes
at 0s create mon alpine:latest mode=global constraint=node.labels.run==yes
run-until 10s
at 10s label worker1 run=yes
run-until 20s
ps mon
at 20s unlabel worker1 run
run-until 30s
ps mon
