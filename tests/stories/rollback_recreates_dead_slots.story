# swarmkit-behavior §2.2 and §5.5: under restart=none a task that stopped leaves its slot
# counted (nothing replaces it), but during a rollback such a slot is dead whatever the policy,
# so the orchestrator brings it back with the restored spec, and the rollback updater visits
# only the runnable slots.
at 0s create web nginx:latest replicas=3 restart=none
at 20s update web image=nginx:1.25
run-until 60s
at 60s fail web.1 code=1
run-until 70s
ps web
at 70s rollback web
run-until 100s
ps web
