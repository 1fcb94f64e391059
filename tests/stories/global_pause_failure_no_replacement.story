# §3 (PAUSE) and §10 S29 (TestNodeAvailability): a global task that fails on a PAUSEd node gets
# desired SHUTDOWN and no replacement. Reactivating the node gives it a new task (the node has no
# runnable task for the service).
at 0s create mon alpine:latest mode=global
run-until 10s
at 10s pause worker1
at 11s fail mon.ykp1j82sw5xi9txfcph52fk94 code=1
run-until 20s
ps mon
at 20s activate worker1
run-until 30s
ps mon
