# swarmkit-behavior §5.8: a client update while another runs cancels it; the new run starts a
# fresh UPDATING, and slots already moved to the intermediate spec are updated again.
at 0s create web nginx:latest replicas=3
at 15s update web image=nginx:1.24 delay=10s
at 22s update web image=nginx:1.25
run-until 60s
ps web
