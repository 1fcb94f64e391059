# swarmkit-behavior §10 S15 (updater_test.go § TestUpdater): log drivers and pull options
# through rolling updates. SwarmKit's test sets its tasks SHUTDOWN by hand for step 6; here
# `restart=none` and draining every node get them there (desired and observed SHUTDOWN, no
# replacement), so the slots stay the service's, each holding its stopped task.
at 0s image v:1 pull=100ms start=100ms
at 0s image v:2 pull=100ms start=100ms
at 0s image v:3 pull=100ms start=100ms
at 0s image v:4 pull=100ms start=100ms
at 0s image v:5 pull=100ms start=100ms
at 0s create web v:1 replicas=3 restart=none
run-until 5s
ps web
# 1. v:2 and a task log driver: every new task carries the service's driver.
at 5s update web image=v:2 log-driver=tasklogdriver monitor=50ms
run-until 15s
ps web
# 2. A cluster default log driver (which redeploys nothing by itself), then v:3: the new tasks
#    still take the service's driver.
at 15s task-defaults log-driver=clusterlogdriver
at 16s update web image=v:3 parallelism=1
run-until 25s
# 3. v:4 with no log driver (`log-driver=`): the new tasks take the cluster default.
at 25s update web image=v:4 log-driver= delay=10ms
run-until 35s
# 4. v:5 start-first: still three runnable slots, all v:5 (with the cluster default).
at 35s update web image=v:5 order=start-first
run-until 45s
ps web
# 5. Only the pull options change while the tasks run: none is dirty, the same tasks stay,
#    and no update status is written.
at 45s update web registry-auth=opaque-token-1
run-until 50s
ps web
# 6. Every task desired and observed SHUTDOWN, not restarted; then the pull options change
#    again: the stopped tasks are dirty (rule 3 covers only tasks that have their image and
#    should run), so each slot gets a new runnable task.
at 50s drain manager1
at 50s drain worker1
at 50s drain worker2
run-until 55s
at 55s activate manager1
at 55s activate worker1
at 55s activate worker2
run-until 60s
ps web
at 60s update web registry-auth=opaque-token-2
run-until 70s
ps web
