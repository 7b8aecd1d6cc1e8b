#!/usr/bin/env bash
# What one charge costs in CPU, summed over every process that touches it until it is booked, and
# how many charges per second the whole suite books end to end (SPEC §3: the wallet's ledger,
# developer earnings and revenue roll-ups). For the single route and the batch route, one phase each:
#   1. wait until the pipeline is idle; read every process's CPU time (bench/procs.sh, /proc);
#   2. wrk drives the route for SECONDS (fresh charges, 200 funded users; bench/lib.sh);
#   3. wait until the relay has published, and the ledger, earnings and revenue have consumed, every
#      charge the phase made (their counters; the billing sequence in Redis counts the charges);
#   4. read the CPU times again: µs per charge = CPU spent / charges, per process.
# Then the single route's p99 at half the peak rate it reached, the CPU of the idle suite per process,
# and the raw Redis baseline (redis-benchmark EVALSHA of charge.lua) with every service paused.
#
#   [WARMUP=60] [RAW_CALLS=200000] bench/cost.sh [SECONDS=20] [CONNECTIONS=50] [BATCH=50]
# Needs Debian's wrk and redis-tools. Nothing else may run on the machine meanwhile.
set -euo pipefail
SECONDS_EACH=${1:-20}
CONNECTIONS=${2:-50}
BATCH=${3:-50}
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/procs.sh"

source "$(dirname "$0")/phases.sh"

echo "== $(nproc) cores, $(date -u +%FT%TZ), $("$(readlink -f "/proc/$(proc_pid wallet-service)/exe")" -version 2>&1 | head -1) (services), $CONNECTIONS connections, $SECONDS_EACH s per phase after ${WARMUP:-60} s of warm-up"
# Warm-up: WARMUP seconds (default 60) of load, half on each route, so that the JIT has compiled the
# hot paths; the issue's first-minute figures are measured with WARMUP=0.
WARMUP=${WARMUP:-60}
if [ "$WARMUP" -gt 0 ]; then
  load $((WARMUP / 2)) "$CONNECTIONS" 0 >/dev/null 2>&1 || true
  load $((WARMUP / 2)) "$CONNECTIONS" "$BATCH" >/dev/null 2>&1 || true
fi
ROWS=()
phase "\`POST /v1/charges\`" 0 "$CONNECTIONS"
single_peak=$PEAK
phase "\`POST /v1/charges/batch\`, $BATCH each" "$BATCH" "$CONNECTIONS"
echo
header
printf '%s\n' "${ROWS[@]}"
echo

# p99 at half the single route's peak: 20 connections, each waiting between requests so that the
# offered rate is about half the peak (wrk's delay(); the p99 includes none of that wait).
drain
half=$((single_peak / 2)); delay=$(awk -v h=$half 'BEGIN {d = 20 * 1000 / h - 1; printf "%d", d < 1 ? 1 : d}')
out=$(DELAY_MS=$delay load "$SECONDS_EACH" 20 0)
echo "POST /v1/charges at half its peak (~$half/s offered, 20 connections, ${delay} ms between requests): $(rate "$out")/s, p50 $(pct "$out" 50), p99 $(pct "$out" 99) $(errors "$out")"

# The idle suite: 30 s with no load, once the pipeline is idle.
drain
before=$(cpu_snapshot); sleep 30; after=$(cpu_snapshot)
echo "idle, % of one core over 30 s: $(cpu_delta "$before" "$after" | awk '{printf "%s %.2f  ", $1, $2 / 300000}')"

# The physical limit: charge.lua on the same Redis with every service paused (SIGSTOP), unpipelined
# and pipelined, 50 connections.
drain
pids=(); for s in wallet-service developer-earnings-service settlement-service revenue-service goal-service; do pids+=("$(proc_pid "$s")"); done
kill -STOP "${pids[@]}"; trap 'kill -CONT "${pids[@]}" 2>/dev/null || true' EXIT
raw1=$(raw_charged "${RAW_CALLS:-200000}" "$CONNECTIONS"); raw16=$(raw_charged "$((${RAW_CALLS:-200000} * 5))" "$CONNECTIONS" -P 16)
kill -CONT "${pids[@]}"
echo "raw Redis, services paused: EVALSHA charge.lua $raw1 calls/s unpipelined, $raw16 calls/s with -P 16"
