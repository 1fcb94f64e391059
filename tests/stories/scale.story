# Seed 003: scale 1 -> 5. New tasks take the lowest free slots; the scheduler spreads them.
# Then scale down to 2: SwarmKit keeps running, low-numbered slots and takes victims from the
# nodes with the most replicas first; victims get desired REMOVE, shut down, and are reaped.
# Scaling back up to 3 reuses the lowest free slot.
at 0s create mysql mysql:5.6 env=MYSQL_ROOT_PASSWORD=secret
run-until 15s
at 15s scale mysql 5
run-until 40s
ps mysql
at 40s scale mysql 2
run-until 60s
ps mysql
at 60s scale mysql 3
run-until 80s
ps mysql
