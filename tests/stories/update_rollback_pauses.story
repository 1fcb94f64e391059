# swarmkit-behavior §5.5: a rollback whose new tasks fail pauses (a rollback never rolls back).
# With the rollback failure action `pause` the state is rollback_paused (pauseUpdate reads the
# status, which is ROLLBACK_STARTED) and the message is the pause action's own, "update paused
# due to failure or early termination of task <id>". The rolled-back image now crashes a
# second after it starts, inside the 5 s monitor period.
at 0s create web nginx:latest replicas=2
at 20s update web image=nginx:1.25
run-until 50s
at 50s image nginx:latest exit-after=1s code=1
at 51s rollback web
run-until 70s
ps web
# The same with the rollback failure action `rollback` (the daemon accepts it for the rollback
# config too): a rollback never rolls back, it pauses, with "rollback paused due to …". The
# rollback runs with the rollback config of the spec it restores (set at 80 s, before the
# image update). That pause does not stop the run (SwarmKit sets no `stopped` on this path):
# the failure comes while the run monitors, so the run leaves its monitor loop and completes,
# and `completeUpdate` turns rollback_paused into completed, "update completed", at once.
at 70s image api:v1
at 70s image api:v2
at 70s create api api:v1 replicas=2
at 80s update api rollback-failure-action=rollback
at 90s update api image=api:v2
run-until 120s
at 120s image api:v1 exit-after=1s code=1
at 121s rollback api
run-until 140s
