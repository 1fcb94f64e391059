# Published ports. Seed 001 publishes 80:80 on the routing mesh; a port belongs to one service,
# so a second service asking for it is refused; a port published without a number gets the
# next free one from 30000. A host-mode port occupies that port on the task's node, so a
# fourth task cannot fit on three nodes.
at 0s create web nginx:latest replicas=2 port=80:80
at 0s create web2 nginx:latest port=80:80
at 0s create dyn nginx:latest port=8080 port=5353/udp
at 0s create edge nginx:latest replicas=4 host-port=9090:80
run-until 10s
ls
ps edge
