# swarmkit-behavior §5.2/§5.3: a change to replicas or update settings only redeploys
# nothing and writes no update status; `force=1` (docker service update --force) makes every
# task dirty: a rolling restart with the same image.
at 0s create web nginx:latest replicas=2
at 15s update web replicas=3 delay=5s
run-until 30s
at 30s update web force=1
run-until 60s
ps web
