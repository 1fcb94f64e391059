# §2.2 (dead slots): a slot with no runnable task whose last task may be restarted is dead, and
# a reconcile deletes its tasks from the store. web.3 fails and is replaced; scaling 3 -> 2 then
# removes slot 3 (its replacement gets desired REMOVE and is reaped), leaving the failed web.3
# as the slot's only task. The next reconcile, scaling 2 -> 1, deletes it with the dead slot.
at 0s create web nginx:latest replicas=3 restart-delay=1s
run-until 10s
at 10s fail web.3 code=1
run-until 20s
at 20s scale web 2
run-until 25s
ps web
at 25s scale web 1
run-until 30s
ps web
