# §1.6 and §10 S34 (TestServiceRemoveDeadTasks): tasks that already ended are still removed with
# their service. Two tasks exit with code 0 (COMPLETE) and, with restart condition none, get
# desired SHUTDOWN and stay. `docker service rm` sets both to desired REMOVE and the reaper
# deletes them; nothing is left.
at 0s image job:1 pull=100ms start=100ms exit-after=2s code=0
at 0s create batch job:1 replicas=2 restart=none
run-until 10s
ps batch
at 10s rm batch
run-until 11s
ps batch
