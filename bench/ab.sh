#!/usr/bin/env bash
# An A/B of runtime settings on one running suite, without a rebuild: for each variant named on the
# command line (e.g. A B A B), restart SERVICES with the properties files of that variant's directory
# (DIR_<variant>/<service>.properties, given to Quarkus as QUARKUS_CONFIG_LOCATIONS; no directory: the
# build's own settings), warm up 60 s (half on each route), then bench/phases.sh's batch phase and
# single phase (µs of CPU per charge per process, as bench/cost.sh), and the billing consumers'
# records per fetch. Nothing else may run on the machine meanwhile.
#
#   DIR_A=/tmp/old DIR_B= [SERVICES="wallet-service developer-earnings-service revenue-service"] bench/ab.sh A B A B
#
# bench/README.md, "64 KiB fetches for the billing consumers", was measured with it (DIR_x holding
# the two fetch settings of each service's billing channel).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${SECONDS_EACH:-20}; CONNECTIONS=${CONNECTIONS:-50}; BATCH=${BATCH:-50}
SERVICES=${SERVICES:-wallet-service developer-earnings-service revenue-service}
source bench/lib.sh; source bench/procs.sh; source bench/phases.sh
for v in "$@"; do
  dir_var="DIR_$v"; dir="${!dir_var:-}"
  for s in $SERVICES; do
    if [ -n "$dir" ]; then export QUARKUS_CONFIG_LOCATIONS="$dir/$s.properties"; else unset QUARKUS_CONFIG_LOCATIONS; fi
    ./suite restart "$s" >/dev/null 2>&1
  done
  unset QUARKUS_CONFIG_LOCATIONS
  load 30 "$CONNECTIONS" 0 >/dev/null 2>&1 || true
  load 30 "$CONNECTIONS" "$BATCH" >/dev/null 2>&1 || true
  ROWS=()
  phase "$v batch" "$BATCH" "$CONNECTIONS"
  phase "$v single" 0 "$CONNECTIONS"
  printf '%s\n' "${ROWS[@]}"
  for p in 8081 8082 8084; do
    curl -s "127.0.0.1:$p/q/metrics" | awk -v v="$v" '/^kafka_consumer_fetch_manager_records_per_request_avg/ && /topic="billing\.events"/ {
      match($0, /client_id="[^"]*"/); printf "%s %s records per fetch %.0f\n", v, substr($0, RSTART + 11, RLENGTH - 12), $NF }'
  done
done
