# swarmkit-behavior §5 with §3 and §4: nodes fail and drain in the middle of an update (one
# slot at a time, 5 s delay). Draining worker3 shuts its task (slot 2) down and the orchestrator
# replaces it at once with the service's current spec; worker1, powered off, is declared down
# after the heartbeat timeout and its task (slot 4) is replaced the same way, after the restart
# delay. When the update reaches those slots they are clean: the worker keeps the running task,
# replaces nothing, and still sleeps the delay. The run completes delay + 1 s after the last
# worker wakes (the delay is not shorter than the 5 s monitor period).
at 0s node-add worker3
at 0s create web nginx:latest replicas=4
at 20s update web image=nginx:1.25 delay=5s
at 21s kill worker1
at 22s drain worker3
run-until 120s
progress web
ps web
