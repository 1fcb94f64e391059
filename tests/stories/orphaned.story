# A node down for 24 hours has its stale tasks moved to ORPHANED. Removing a node that is
# still up is refused; once it is down it can be removed, and its tasks' history names it by ID.
at 0s create web nginx:latest replicas=3
run-until 10s
at 10s node-rm worker1
at 10s node-rm manager1
at 10s kill worker1
run-until 60s
at 60s kill worker1
run-until 25h
ps web
at 25h node-rm worker1
run-until 26h
ps web
