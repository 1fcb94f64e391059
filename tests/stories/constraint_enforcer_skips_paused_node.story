# §4.8 (constraint enforcer) and §8.3: the enforcer acts only on ACTIVE nodes. db runs where
# disk==ssd. Removing the label from a PAUSEd worker1 leaves its task running; on the ACTIVE
# worker2 the same change gets its task REJECTED ("assigned node no longer meets constraints")
# and the replacement stays PENDING, no node matching.
at 0s label worker1 disk=ssd
at 0s label worker2 disk=ssd
at 0s create db redis:latest replicas=2 constraint=node.labels.disk==ssd
run-until 10s
ps db
at 10s pause worker1
at 11s unlabel worker1 disk
at 11s unlabel worker2 disk
run-until 20s
ps db
