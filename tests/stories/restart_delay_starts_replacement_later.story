# §2.5 (DelayStart) and §10 S11 (TestOrchestratorRestartDelay): with a 100 ms restart delay, the
# replacement of a failed task is created at once with desired READY, and its desired state
# becomes RUNNING no sooner than 100 ms after the failure. The old task has already stopped
# (FAILED), so nothing else is waited for.
at 0s image quick:1 pull=10ms start=10ms
at 0s create web quick:1 replicas=2 restart-delay=100ms
run-until 10s
at 10s fail web.1 code=1
run-until 12s
ps web
