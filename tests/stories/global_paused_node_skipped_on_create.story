# §3 (reconcileServices skips PAUSE nodes): a global service created while worker1 is paused
# gets no task there; when worker1 is made active again it gets one.
at 0s pause worker1
at 0s create mon alpine:latest mode=global
run-until 10s
ps mon
at 10s activate worker1
run-until 20s
ps mon
