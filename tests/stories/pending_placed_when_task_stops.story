# §4.1 (node books): a task leaves its node's books, freeing its reservation, when its observed
# state goes past RUNNING. Three 3 GiB tasks fill the three 4 GiB nodes; a second 3 GiB service
# waits with "insufficient resources on 3 nodes". When db.1 fails (restart=none, so it is not
# replaced), its node's memory is free again and the waiting task is placed there.
at 0s create db redis:latest replicas=3 reserve-memory=3g restart=none
run-until 5s
at 5s create cache redis:latest reserve-memory=3g
run-until 10s
ps cache
at 10s fail db.1 code=1
run-until 15s
ps db cache
