# §4.2 (ReadyFilter), §4.3 (ranking) and §10 S20 (TestScheduler): a new READY node with no
# tasks gets the next task; a DOWN node gets none; once READY again it is preferred, having the
# fewest tasks. Three replicas on three nodes; worker3 joins and `scale 4` puts web.4 there.
# worker3's machine dies; once it is DOWN its task is replaced elsewhere and `scale 5` avoids
# it; when it is back, `scale 6` puts web.6 on it.
at 0s create web nginx:latest replicas=3
run-until 10s
at 10s node-add worker3
at 10s scale web 4
run-until 20s
at 20s kill worker3
run-until 50s
at 50s scale web 5
run-until 60s
at 60s start worker3
run-until 70s
at 70s scale web 6
run-until 80s
ps web
