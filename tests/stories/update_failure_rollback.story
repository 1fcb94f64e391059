# swarmkit-behavior §5.5 ROLLBACK: a failure past the ratio rolls the service back to its
# previous spec (`update rolled back due to failure or early termination of task …`), then the
# rollback run completes (`rollback completed`).
at 0s create web nginx:latest replicas=3
at 20s update web image=nginx:nope failure-action=rollback
run-until 60s
ps web
