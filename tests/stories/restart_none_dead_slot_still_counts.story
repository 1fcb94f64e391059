# §2.2 (runnable slots): a slot whose last task ended and may not be restarted (condition
# `none`) still counts as runnable, holding only its dead task. After web.1 fails, scaling 2 -> 3
# creates a single task, in slot 3: slot 1 is not refilled.
at 0s create web nginx:latest replicas=2 restart=none
run-until 10s
at 10s fail web.1 code=1
run-until 15s
at 15s scale web 3
run-until 25s
ps web
