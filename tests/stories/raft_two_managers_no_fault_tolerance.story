# §7 (quorum): two managers need both for a quorum (floor(2/2)+1 = 2), so they tolerate no
# failure. Promoting worker1 makes it a reachable manager. When it loses power the leader
# cannot hear a quorum and steps down: no leader, and writes are refused with "The swarm does
# not have a leader"; running tasks keep running. Powering it back restores a leader.
at 0s create web nginx:latest replicas=2
run-until 5s
at 5s promote worker1
run-until 10s
nodes
at 10s kill worker1
run-until 40s
at 40s scale web 3
nodes
ps web
at 40s start worker1
run-until 80s
at 80s scale web 3
run-until 90s
nodes
