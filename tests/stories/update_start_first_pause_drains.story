# swarmkit-behavior §5.5: a pause does not cancel the run's workers. Start-first at parallelism
# 2: the new task of slot 2 crashes within its monitor period and the update pauses, but the
# workers of the slots in flight (1, and 3, taken when slot 2's new task ran) keep waiting; when
# their new tasks run, they shut the old ones down, so no slot is left running two tasks. Slot
# 4, never handed out, keeps its old task.
at 0s create web nginx:latest replicas=4
at 20s image nginx:1.25 pull=1s
at 20s update web image=nginx:1.25 order=start-first parallelism=2
at 21600ms fail web.2 code=1
run-until 50s
ps web
