# §7 (promote/demote checks): demoting the only manager is refused with "attempting to demote
# the last manager of the swarm", and changes nothing.
at 0s demote manager1
nodes
