# Seed 004: drain a worker. Its tasks are shut down and replaced on the other nodes with no
# restart delay (each replacement waits for its old task to stop). Reactivating the node moves
# nothing back: the scheduler only places new tasks.
at 0s create ping alpine:latest replicas=4
run-until 10s
ps ping
at 10s drain worker1
run-until 20s
ps ping
at 20s activate worker1
run-until 40s
ps ping
