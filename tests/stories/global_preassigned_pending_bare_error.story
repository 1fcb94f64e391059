# §4.5 (preassigned tasks): a global task is checked against its own node only. When that node
# cannot take it, it stays PENDING with the bare filter explanation, without the `no suitable
# node` prefix: here 6 GiB reservations on 4 GiB nodes give "insufficient resources on 1 node".
# A node that fits joins and its task is confirmed at once.
at 0s create big nginx:latest mode=global reserve-memory=6g
run-until 5s
ps big
at 5s node-add worker3 memory=8g
run-until 15s
ps big
