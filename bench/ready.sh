#!/usr/bin/env bash
# Time to ready, on this machine: all five services started together by ./suite up (from a stopped
# suite, with the stack), then each service alone (./suite restart: the others keep running, idle).
# With their class-data cache (trained on the first ./suite up of a build) unless SUITE_CDS=off.
#
#   [SUITE_CDS=off] bench/ready.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./suite down >/dev/null 2>&1 || true
echo "== all five together: ./suite down; ./suite up"
./suite up 2>&1 | grep -e 'ready' -e 'starting the services' -e 'local stack up'
sleep 20   # the services' own after-start work
echo "== each alone: ./suite restart SERVICE"
for service in wallet-service developer-earnings-service settlement-service revenue-service goal-service; do
  ./suite restart "$service" 2>&1 | grep ready
  sleep 10
done
