#!/usr/bin/env bash
# The first minute of load on a freshly started suite against its warm cost (issue #18: within 2×).
# Restarts the suite (./suite down; ./suite up: the services start from their class-data cache),
# then drives POST /v1/charges in three windows of SECONDS each, and, after 60 s more of load, one
# warm window; each window is measured as bench/cost.sh measures a phase (µs of CPU per charge,
# per process, until every charge is booked). Before the first window only the funding of the
# bench users (bench/lib.sh, 201 requests) has warmed the services.
#
#   [RESTART=1] bench/first-minute.sh [SECONDS=20] [CONNECTIONS=50]
# Needs Debian's wrk and redis-tools. Nothing else may run on the machine meanwhile.
set -euo pipefail
SECONDS_EACH=${1:-20}
CONNECTIONS=${2:-50}
cd "$(dirname "$0")/.."
if [ "${RESTART:-1}" = 1 ]; then
  ./suite down >/dev/null 2>&1 || true
  ./suite up 2>&1 | grep -E 'ready|cache' >&2
fi
source bench/lib.sh
source bench/procs.sh
source bench/phases.sh

echo "== $(nproc) cores, $(date -u +%FT%TZ), $("$(readlink -f "/proc/$(proc_pid wallet-service)/exe")" -version 2>&1 | head -1) (services), $CONNECTIONS connections, $SECONDS_EACH s per window"
ROWS=()
first=0
for w in 1 2 3; do
  phase "\`POST /v1/charges\`, load window $w (s $(((w - 1) * SECONDS_EACH))–$((w * SECONDS_EACH)))" 0 "$CONNECTIONS"
  first=$((first + TOTAL))
done
load 60 "$CONNECTIONS" 0 >/dev/null 2>&1 || true
phase "\`POST /v1/charges\`, warm (after 60 s more of load)" 0 "$CONNECTIONS"
echo
header
printf '%s\n' "${ROWS[@]}"
echo
awk -v f="$first" -v w="$TOTAL" 'BEGIN {printf "first three windows, mean of their all-in figures: %.0f µs per charge = %.2f × the warm %d µs\n", f / 3, f / 3 / w, w}'
