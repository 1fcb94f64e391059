# §2.4 (scale-down victims): slots with a RUNNING task are kept before the others. Three
# replicas, one per node; web.1 fails and its replacement waits out the 5 s restart delay
# (desired READY, observed READY). Scaling to 2 then removes slot 1, the one slot that is not
# running, although the slot order alone would remove slot 3.
at 0s create web nginx:latest replicas=3
run-until 10s
at 10s fail web.1 code=1
run-until 12s
at 12s scale web 2
run-until 20s
ps web
