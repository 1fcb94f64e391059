# §3 (task failure) and §10 S30 (TestTaskFailure): a failed global task is restarted on the same
# node: desired SHUTDOWN on the old task, a new one created already bound to that node, started
# after the restart delay. With restart condition `none` the failed task is only shut down.
at 0s create mon alpine:latest mode=global restart-delay=1s
at 0s create once alpine:latest mode=global restart=none
run-until 10s
at 10s fail mon.ykp1j82sw5xi9txfcph52fk94 code=1
at 10s fail once.ykp1j82sw5xi9txfcph52fk94 code=1
run-until 20s
ps mon once
