# §4.1/§4.5 and §10 S27 (TestPreassignedTasks): in a scheduling pass, preassigned (global)
# tasks are confirmed on their node before unassigned tasks are placed. A global service
# pinned to manager1 and a one-replica service are created together: the global task is
# confirmed first, so manager1 already has a task when the replicated task is ranked, and the
# replicated task goes to worker2 (the next node by ID) instead of manager1.
at 0s create mon alpine:latest mode=global constraint=node.hostname==manager1
at 0s create web nginx:latest
run-until 5s
ps mon web
