# §7 (promote/demote; TestDemoteDownedManager): of three managers, one is down; demoting it is
# allowed since the other two keep the quorum (CanRemoveMember: 2 reachable others >= (3-1)/2+1).
# With two members left, demoting manager2 is allowed too (manager1 alone >= (2-1)/2+1 = 1),
# leaving manager1 the only manager.
at 0s node-add manager2 role=manager
at 0s node-add manager3 role=manager
run-until 5s
at 5s kill manager3
run-until 30s
at 30s demote manager3
run-until 35s
at 35s demote manager2
run-until 40s
nodes
