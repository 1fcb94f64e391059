# swarmkit-behavior §3, §5.7 (`UpdatableTasksInSlot`): a rollback always converges. A global
# service with restart policy none; its task on worker1 fails after an update and is not
# restarted. The manual rollback's reconcile gives worker1 a new task at once (the node is
# not the updater's: its slot has no task to update), and the rollback ends rollback_completed.
at 0s create mon nginx:latest mode=global restart=none
at 20s update mon image=nginx:1.25
run-until 60s
at 60s fail mon.ykp1j82sw5xi9txfcph52fk94 code=1
run-until 70s
at 70s rollback mon
run-until 100s
ps mon
