# §2.6 (condition `any`) and §10 S8 (TestOrchestratorRestartOnAny): with restart condition
# `any` and no delay, a task that FAILED and a task that exited cleanly (COMPLETE) are both
# restarted. In the trace: each old task goes `running -> failed` / `running -> complete`, gets
# `desired running -> shutdown`, and a replacement is created in the same slot with desired
# READY, which turns `desired ready -> running` at once (delay 0s).
at 0s create web nginx:latest replicas=2 restart=any restart-delay=0s
run-until 10s
at 10s fail web.1 code=1
at 10s fail web.2 code=0
run-until 20s
ps web
