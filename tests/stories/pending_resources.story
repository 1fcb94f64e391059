# Seed 003: reservations the nodes cannot all hold. Each node has 4 GiB; three tasks of 3 GiB
# fit (one per node), the fourth stays PENDING with SwarmKit's explanation, and is placed the
# moment a node that fits joins.
at 0s create db postgres:latest replicas=4 reserve-memory=3g
run-until 10s
ps db
at 10s node-add worker3
run-until 20s
ps db
