# A global task on a PAUSEd node stays when the node stops matching the constraint (SwarmKit's
# node path leaves paused nodes alone, and the constraint enforcer checks only active nodes).
at 0s label worker1 run=yes
at 0s create mon nginx:latest mode=global constraint=node.labels.run==yes
run-until 10s
at 10s pause worker1
at 11s unlabel worker1 run
run-until 20s
ps mon
