#!/usr/bin/env bash
# One service's start, alone (the stack running; the other services may idle): time from launch
# to /q/health/ready UP, Quarkus' own "started in", and the CPU the process used until then
# (utime+stime from /proc: steadier than the time on a busy 2-core machine). Trains the service's own
# AOT cache (JDK 25) in a first start, then measures RUNS starts with it. Needs a running stack
# (./suite up, then stop the service's own process, or ./suite down and start only the stack).
#
#   bench/start-cost.sh SERVICE PORT [RUNS]     e.g. bench/start-cost.sh goal-service 8085 5
#   APP=/path/to/another/checkout bench/start-cost.sh …   the same service built elsewhere (a baseline)
set -euo pipefail
cd "$(dirname "$0")/.."
name=$1 port=$2 runs=${3:-5} app=${APP:-$PWD}
cp="local-stack/target/classes:$(cat local-stack/target/classes/local-stack/runtime.classpath)"
while IFS='=' read -r key value; do export "$key=$value"; done < <(java -cp "$cp" com.platformeconomy.stack.LocalStackMain env .suite/stack)
java=$(ls /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -1 || true); java=${java:-java}
heap=(-Xmx384m); [ "$name" = wallet-service ] && heap=(-Xmx1g -Dquarkus.profile=dev)
cache=$(mktemp -d)/$name.aot
log=$(mktemp)
start() { # start FLAG: launch, wait for ready, report, touch what ./suite's training touches, stop
  local began pid ready cpu
  began=$(date +%s%N)
  QUARKUS_HTTP_PORT=$port QUARKUS_LOG_CONSOLE_JSON_ENABLED=false setsid "$java" "${heap[@]}" "$1" \
    -jar "$app/$name/target/quarkus-app/quarkus-run.jar" >"$log" 2>&1 &
  pid=$!
  until curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$port/q/health/ready"; do
    kill -0 $pid 2>/dev/null || { echo "$name exited; see $log"; exit 1; }; sleep 0.05
  done
  ready=$(( ($(date +%s%N) - began) / 1000000 ))
  cpu=$(awk '{printf "%.2f", ($14 + $15) / 100}' /proc/$pid/stat)
  [ "$1" = "-XX:AOTCache=$cache" ] && echo "$name ready after $ready ms, $cpu CPU-s; $(grep -o 'started in [0-9.]*s' "$log")"
  for path in /q/health/live /q/metrics /q/openapi /v1/none; do curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$port$path" || true; done
  kill $pid; while kill -0 $pid 2>/dev/null; do sleep 0.2; done
}
[[ "$("$java" -version 2>&1)" == *'"25'* ]] || { echo "needs a JDK 25 (AOT cache) under /usr/lib/jvm"; exit 1; }
start "-XX:AOTCacheOutput=$cache"
for _ in $(seq 1 "$runs"); do start "-XX:AOTCache=$cache"; done
