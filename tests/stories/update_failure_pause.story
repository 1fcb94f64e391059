# swarmkit-behavior §5.5 PAUSE: the first new task that fails (an image that does not exist)
# pauses the update with SwarmKit's message; the other slots keep their old tasks. A paused
# update resumes only through a new client update (here: back to a good image).
at 0s create web nginx:latest replicas=3
at 20s update web image=nginx:nope
run-until 40s
ps web
at 40s update web image=nginx:1.25
run-until 70s
ps web
