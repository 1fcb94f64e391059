# §7 (promote/demote): a leader being demoted first hands leadership to another manager. With
# three managers, demoting manager1 (the leader) leaves manager2 or manager3 as leader, and
# manager1 a worker.
at 0s node-add manager2 role=manager
at 0s node-add manager3 role=manager
run-until 5s
at 5s demote manager1
run-until 40s
nodes
