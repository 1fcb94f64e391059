# §4.2 (ReadyFilter) and §4.7: DRAIN and PAUSE both make a node unavailable for new tasks.
# With every node drained or paused, a new service's task stays PENDING with "no suitable node
# (3 nodes not available for new tasks)". Reactivating one node lets it be placed there.
at 0s drain manager1
at 0s drain worker1
at 0s pause worker2
at 1s create web nginx:latest
run-until 5s
ps web
at 5s activate worker2
run-until 10s
ps web
