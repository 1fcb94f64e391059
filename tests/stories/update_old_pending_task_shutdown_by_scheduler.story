# swarmkit-behavior §4.6, §2.5, §5.4: an update that replaces a task still PENDING. The first
# update adds a constraint no node meets: slot 1's new task waits for a node (and the update
# waits on it). The second takes the constraint away: the stop-first replacement waits for the
# old PENDING task to stop (`DelayStart` waits on any task not past RUNNING). That task belongs
# to an older spec version, fits nowhere and is no longer wanted, so the next scheduler pass
# marks it SHUTDOWN (`noSuitableNode`), and the replacement starts then.
at 0s create web nginx:latest replicas=2
at 10s update web constraint=node.labels.zone==b
run-until 30s
ps web
at 30s update web constraint-rm=node.labels.zone==b
run-until 50s
ps web
