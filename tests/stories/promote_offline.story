# Promoting a node that is powered off changes only its desired role: it joins Raft when it is
# back, so the quorum (and the leader) of the single-manager swarm is untouched meanwhile.
at 0s create web nginx:latest replicas=2
run-until 10s
at 10s kill worker2
at 11s promote worker2
run-until 40s
nodes
at 40s scale web 3
at 40s start worker2
run-until 60s
nodes
