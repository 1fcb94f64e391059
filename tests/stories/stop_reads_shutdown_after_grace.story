# moby's executor (daemon/cluster/executor/container/controller.go) and SwarmKit's agent
# (agent/task.go, agent/exec/controller.go `Do`): when a task is to stop, the agent cancels its
# wait on the container, which reports RUNNING once more with a fresh timestamp (`ps` reads
# `Shutdown  Running 1 second ago` while it stops); a second later (ErrTaskRetry) the
# controller shuts the container down. busybox `ping` as PID 1 ignores SIGTERM, so it is killed
# at the end of its 10 s grace period, yet the task reads Shutdown with no error: the exit code
# of a container the manager stopped is not reported. nginx handles SIGTERM, but its tasks
# publish a port on the ingress network and first wait 2 s for gossip to converge.
at 0s create ping alpine:3.7 replicas=1
at 0s create web nginx:1.24 replicas=1 port=8080:80
at 20s update ping image=alpine:latest
at 20s update web image=nginx:1.25
run-until 22s
ps ping web
run-until 40s
ps ping web
