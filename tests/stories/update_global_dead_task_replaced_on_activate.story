# swarmkit-behavior §3, global.go `reconcileOneNode` with `UpdatableTasksInSlot`: a global
# service whose task exits at once (restart none) on a node paused during an update is not
# replaced by the update; when the node is activated, its last task runs an old spec and
# stopped for good, so the node's reconcile starts a task of the new spec there. (The exits
# count as early terminations: the update pauses once both active nodes have had theirs.)
at 0s image job:v1 exit-after=2s code=0
at 0s image job:v2 exit-after=2s code=0
at 0s create mon job:v1 mode=global restart=none
run-until 10s
at 10s pause worker1
at 20s update mon image=job:v2
run-until 40s
at 40s activate worker1
run-until 60s
ps mon
