# swarmkit-behavior §4.3: a node is ranked behind the others for a service only after 5 recent
# failures of that service there, each FAILED or REJECTED task counted once (its desired state
# moving to SHUTDOWN at the same instant is not a second failure). A one-replica crash loop
# stays on its node for five tasks; the sixth goes elsewhere.
at 0s image crash:1 pull=100ms start=100ms exit-after=1s code=1
at 0s create web crash:1 restart-delay=1s
run-until 15s
ps web
