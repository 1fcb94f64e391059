# docker service rm: every task gets desired REMOVE, the agents stop them, and the reaper
# deletes them once stopped. A task that never reached a node is deleted at once.
at 0s create db postgres:latest replicas=4 reserve-memory=3g
run-until 10s
at 10s rm db
run-until 20s
ps db
