# §6.1 (task reaper): when the restart policy sets MaxAttempts, the per-slot history limit is
# MaxAttempts + 1 instead of the cluster's 5. An image that crashes 1 s after starting, with
# max-attempts=6: the slot is restarted six times, then left down (desired SHUTDOWN and no
# replacement after the seventh failure); all seven tasks stay in the slot (no `removed` line
# in the trace), where the default limit would have kept five. The service is pinned to one
# node so placement plays no part.
at 0s image crash:1 pull=100ms start=100ms exit-after=1s code=1
at 0s create web crash:1 restart-delay=1s max-attempts=6 constraint=node.hostname==manager1
run-until 40s
ps web
