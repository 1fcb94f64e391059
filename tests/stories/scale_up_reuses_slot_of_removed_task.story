# §6.3 and §2.3 (slot reuse): scale-down victims keep their slot number until the reaper deletes
# them, and a scale-up meanwhile reuses the lowest slot numbers without a runnable task, so a
# new and an old task share a slot. `scale 3 -> 1` sets desired REMOVE on slots 2 and 3; `scale
# 1 -> 3` at the same instant creates new tasks in slots 2 and 3 while the victims are still
# stopping. Once stopped, the REMOVE tasks are deleted by the reaper (§1.6), not kept as
# history.
at 0s create web nginx:latest replicas=3
run-until 10s
at 10s scale web 1
at 10s scale web 3
ps web
run-until 20s
ps web
