# swarmkit-behavior §5.5: with failure action continue, failures are not even watched; the
# update goes through every slot and completes, the bad tasks restarting by their policy.
at 0s create web nginx:latest replicas=2
at 20s update web image=nginx:nope failure-action=continue
run-until 45s
ps web
