# swarmkit-behavior §4.6, scheduler.go `noSuitableNode` (moby/moby#53722): a PENDING task of an
# older spec version that fits nowhere is not queued again, and it is not written to (nothing
# about it changed), so the scheduler does not look at it again until something writes to it.
# Both tasks wait for a node labelled zone=b. An update that leaves them up to date (a new
# update delay) moves the service to a new spec version; the next pass (after a node label
# change) finds no node and drops them. When a zone=b node joins, they stay PENDING; `--force`
# replaces them and the new tasks run there.
at 0s create web nginx:latest replicas=2 constraint=node.labels.zone==b
run-until 5s
at 5s update web delay=3s
at 7s label worker1 rack=1
run-until 10s
at 10s node-add worker3 label.zone=b
run-until 40s
ps web
at 40s update web force=1
run-until 80s
ps web
