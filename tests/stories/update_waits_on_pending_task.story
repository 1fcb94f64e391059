# swarmkit-behavior §5.4 and §4: a worker waits for its new task to reach RUNNING, however long
# that takes (SwarmKit has no timeout there). The new spec asks for a label no node has, so the
# first new task stays PENDING ("no suitable node"), the update stays `updating` with that slot
# in flight and the others waiting, and the old task of that slot is already gone (stop-first).
# Labelling a node lets the scheduler place it; the update then carries on, slot by slot, onto
# the one node that qualifies.
at 0s create web nginx:latest replicas=3
at 20s update web constraint=node.labels.zone==b
run-until 60s
progress web
ps web
at 60s label worker2 zone=b
run-until 90s
progress web
ps web
