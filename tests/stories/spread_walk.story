# SwarmKit's placement walk (scheduleNTasksOnNodes): nodes best first; stay on a node until the
# next one ranks strictly better, round robin after the last. manager1 has no tasks, worker1
# has no web task but five others, worker2 has two web tasks; three more web tasks go one to
# manager1 and two to worker1 (the greedy "best node each time" would put two on manager1).
at 0s create bulk busybox:latest replicas=5 constraint=node.hostname==worker1
at 0s pause manager1
at 0s pause worker1
at 0s create web nginx:latest replicas=2
run-until 5s
at 5s activate manager1
at 5s activate worker1
at 5s scale web 5
run-until 10s
ps web
