# swarmkit-behavior §5.4 START_FIRST: the new task is desired RUNNING at once; the old one is
# shut down only when the new one runs. The slot runs two tasks meanwhile.
at 0s create web nginx:latest replicas=2
at 20s update web image=nginx:1.25 order=start-first
run-until 50s
ps web
