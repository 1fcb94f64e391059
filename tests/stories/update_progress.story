# What the page learns of a running update (issue 5, item 5): which slots are done, in flight
# and waiting, the batch (parallelism slots taken together), when the next slot is taken (a
# worker's delay ends), and the failures against max_failure_ratio. Four replicas, parallelism
# 2, delay 10 s; one new task fails within the monitor period (1 of 4 = 0.25, under the 0.5
# allowed, so the update carries on). A global service's slots are its nodes.
at 0s create web nginx:latest replicas=4
progress web
at 20s update web image=nginx:1.25 parallelism=2 delay=10s max-failure-ratio=0.5
progress web
run-until 25s
progress web
at 26s fail web.1 code=1
progress web
run-until 34s
progress web
run-until 40s
progress web
run-until 60s
progress web
at 60s image busybox:1.36
at 60s create agent busybox:latest mode=global
at 80s update agent image=busybox:1.36
progress agent
run-until 84s
progress agent
run-until 90s
progress agent
