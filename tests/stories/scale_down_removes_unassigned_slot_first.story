# §2.4 (scale-down victims) and §4.6 (explanation order): unassigned slots are removed first.
# Three 3 GiB tasks fill the three 4 GiB nodes. Draining worker2 leaves its slot's replacement
# PENDING: `no suitable node (...)` lists the filters by how many nodes failed them, the
# resource filter (2 nodes) before the drained node (1). Scaling to 2 removes that unassigned
# slot, whatever its number, and the reaper deletes it at once (it was never assigned).
at 0s create db redis:latest replicas=3 reserve-memory=3g
run-until 10s
ps db
at 10s drain worker2
run-until 20s
at 20s scale db 2
run-until 30s
ps db
