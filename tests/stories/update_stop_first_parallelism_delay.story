# swarmkit-behavior §5.2–5.4: a stop-first update, 2 slots at a time with a 10 s delay. Each
# worker shuts the old task down, starts the new one once the old has stopped, waits for it to
# run, sleeps the delay, then takes the next slot. UpdateStatus goes updating → completed after
# one monitor period (5 s) past the last slot.
at 0s create web nginx:latest replicas=4
at 20s update web image=nginx:1.25 parallelism=2 delay=10s
run-until 70s
ps web
