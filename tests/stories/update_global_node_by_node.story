# swarmkit-behavior §5.8 (global): a global service updates node by node with the same
# UpdateConfig: one node at a time, the delay between, each node's old task stopped first.
at 0s create mon redis:latest mode=global
at 20s update mon image=registry:latest delay=5s
run-until 60s
ps mon
