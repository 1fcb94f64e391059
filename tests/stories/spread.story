# Spreading. Without preferences, 18 tasks on 5 empty nodes land 4, 4, 4, 3, 3 (SwarmKit's
# TestHA). With `--placement-pref spread=node.labels.zone`, tasks are first split evenly between
# the zones (a node without the label is in the "" zone), then spread within each zone.
at 0s node-add worker3 label.zone=west
at 0s node-add worker4
at 0s create ha busybox:latest replicas=18
at 0s label manager1 zone=east
at 0s label worker1 zone=east
at 0s label worker2 zone=west
at 0s create zoned nginx:latest replicas=6 spread=node.labels.zone
run-until 15s
ps zoned
