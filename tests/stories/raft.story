# Raft among three managers. Losing the leader: its peers notice, and after the election
# timeout the two survivors elect a new leader; until then the control plane refuses writes.
# Losing a second manager loses the quorum: no leader, every write refused, while the tasks
# already running keep running. Bringing a manager back restores the quorum and a leader.
# Demotion is refused when it would leave too few managers.
at 0s node-add manager2 role=manager
at 0s node-add manager3 role=manager
at 0s create web nginx:latest replicas=3
run-until 10s
nodes
at 10s kill manager1
at 13s scale web 4
run-until 40s
nodes
at 40s scale web 5
at 40s kill manager2
run-until 60s
nodes
at 60s scale web 6
at 60s demote manager3
run-until 90s
ps web
at 90s start manager1
run-until 130s
nodes
at 130s scale web 2
at 130s demote manager3
run-until 150s
nodes
ps web
