# swarmkit-behavior §5.5, updater.go `Run`: failure events are read only while slots are handed
# out and while the run monitors after the last slot; in between (the last slots in flight and
# their workers' delay) they queue up and are judged when read. A new task of the last slot
# that runs and crashes 2 s later (38 s) is read only after the 10 s delay, past its 5 s monitor
# period: it does not count, and the update completes. The same crash in the first slot is
# read at once and pauses the update.
at 0s create web nginx:latest replicas=2
at 20s update web image=nginx:1.25 delay=10s
run-until 38s
at 38s fail web.2 code=1
run-until 70s
ps web
at 70s create api nginx:latest replicas=2
at 90s update api image=nginx:1.25 delay=10s
run-until 95s
at 95s fail api.1 code=1
run-until 130s
ps api
