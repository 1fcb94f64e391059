# on-failure: a clean exit (code 0) completes the task and nothing replaces it; a failure does.
# none: nothing is ever replaced. max-attempts=1: one restart per slot, then the slot stays down.
at 0s create onfail nginx:latest replicas=2 restart=on-failure restart-delay=1s
at 0s create never nginx:latest replicas=1 restart=none
at 0s create once nginx:latest replicas=1 max-attempts=1 restart-delay=1s
run-until 10s
at 10s fail onfail.1 code=0
at 10s fail onfail.2 code=3
at 10s fail never.1 code=2
at 10s fail once.1 code=1
run-until 20s
at 20s fail once.1 code=1
run-until 30s
ps onfail never once
