# An image that does not exist: every task is REJECTED at PREPARING with docker's
# `No such image`, replaced after the restart delay, forever; the reaper keeps each slot's
# history at 5 tasks, the live one included.
at 0s create broken nginx:nope
run-until 40s
ps broken
