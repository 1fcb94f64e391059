# Seed 004: a worker goes down. Heartbeats stop; about 15 s later (three 5 s periods) the node
# is DOWN with `heartbeat failure`. Its task gets desired SHUTDOWN but its observed state stays
# RUNNING, since nobody can report otherwise (`Shutdown  Running 32 seconds ago`); the
# replacement goes to another node after the 5 s restart delay. When the machine comes back,
# its agent stops the old task, and nothing moves back.
at 0s create registry registry:latest replicas=3
run-until 10s
ps registry
at 10s kill worker2
run-until 45s
ps registry
at 45s start worker2
run-until 60s
ps registry
