#!/bin/bash
# CPU per thread of running processes over a window, from /proc (utime+stime): where an idle
# service spends its time. Usage: bench/idle-threads.sh SECONDS PID...  (top 8 threads per PID, then
# each PID's total, in ms). The five services of ./suite up:
#   bench/idle-threads.sh 60 $(for s in wallet-service developer-earnings-service settlement-service revenue-service goal-service; do pgrep -f "$s/target/quarkus-app" | head -1; done)
secs=$1; shift
snap() { for pid in "$@"; do for t in /proc/$pid/task/*; do tid=${t##*/}; s=$(sed 's/^.*) //' $t/stat 2>/dev/null) || continue; set -- $s; echo "$pid $tid $(( ${12} + ${13} )) $(tr ' ' '_' < $t/comm)"; done; done; }
a=$(snap "$@"); sleep $secs; b=$(snap "$@")
join -j1 <(echo "$a" | awk '{print $1"-"$2, $3, $4}' | sort) <(echo "$b" | awk '{print $1"-"$2, $3}' | sort) | awk -v s=$secs '{d=($4-$2)*10; split($1,p,"-"); print p[1], d, $3}' | sort -k1,1 -k2,2nr | awk '{c[$1]++; tot[$1]+=$2; if (c[$1]<=8) print}  END {for (p in tot) print p, "TOTAL ms", tot[p]}'
