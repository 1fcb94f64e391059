# §2.6 (MaxAttempts with a window) and §10 S13 (TestOrchestratorRestartWindow): max-attempts=1
# within a 5 s window. Both slots fail at 10 s and are restarted. The slot-1 replacement fails
# at 11 s, inside the window of its slot's restart: desired SHUTDOWN and no replacement. The
# slot-2 replacement fails at 16 s, when the 10 s restart has left the window: restarted. With
# MaxAttempts set, the reaper keeps MaxAttempts + 1 = 2 tasks per slot (§6.1), so slot 2's
# oldest task is deleted (`removed`) once the third exists.
at 0s image quick:1 pull=10ms start=10ms
at 0s create web quick:1 replicas=2 restart-delay=100ms max-attempts=1 window=5s
run-until 10s
at 10s fail web.1 code=1
at 10s fail web.2 code=1
run-until 11s
at 11s fail web.1 code=1
run-until 16s
at 16s fail web.2 code=1
run-until 20s
ps web
