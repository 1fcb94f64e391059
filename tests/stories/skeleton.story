# The walking skeleton: the tutorials' three-node lab, one service of four replicas.
# Every task walks new -> pending -> assigned -> accepted -> preparing -> ready -> starting
# -> running on simulated time, and the scheduler spreads the four over the three nodes.
seed 1
at 0s create web nginx:latest replicas=4
run-until 10s
ps web
# Same name twice is docker's conflict error, and changes nothing.
at 12s create web nginx:latest replicas=1
# Names clash case-insensitively, as SwarmKit's name index is lower-cased.
at 12s create Web nginx:latest replicas=1
run-until 20s
ps web
