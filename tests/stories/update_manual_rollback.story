# swarmkit-behavior §5.7: a manual rollback swaps Spec and PreviousSpec and runs with the
# rollback config (here parallelism 2); a second rollback swaps back.
at 0s create web nginx:latest replicas=4
at 15s update web image=nginx:1.24 rollback-parallelism=2
run-until 40s
at 40s rollback web
run-until 60s
ps web
at 60s rollback web
run-until 90s
ls
