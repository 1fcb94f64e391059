# swarmkit-behavior §5.3 `--force` and §10 S10 (restart_test.go § TestOrchestratorRestartOnNone):
# under condition `none` a task that failed, or completed, is not replaced, and an update with
# the same spec changes nothing; `force=1` makes the stopped tasks dirty, so the update (the
# orchestrator hands it such slots, `UpdatableTasksInSlot`) gives each slot a new task, one
# slot after the other.
at 0s create web nginx:latest replicas=2 restart=none
run-until 10s
at 10s fail web.1 code=1
at 11s fail web.2 code=0
run-until 15s
at 15s update web
run-until 20s
ps web
at 20s update web force=1
run-until 40s
ps web
