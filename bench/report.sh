#!/usr/bin/env bash
# The benchmark report: runs every benchmark of the suite on this machine, one after another on a
# freshly started suite, and writes bench/README.md (figures, machine, date, the command of each)
# with its plots (bench/*.svg) and raw outputs (bench/results/).
#
#   bench/report.sh [--quick]     --quick: short phases and a 100,000-event burst, to try it out
#
# Needs Debian's wrk, redis-tools and gnuplot-nox (apt-get install -y wrk redis-tools gnuplot-nox).
# Nothing else should run on the machine meanwhile: every figure shares its cores.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v gnuplot >/dev/null || { echo "gnuplot is needed: apt-get install -y gnuplot-nox" >&2; exit 1; }
QUICK=false; [ "${1:-}" = "--quick" ] && QUICK=true
if $QUICK; then PHASE=8; BURST=100000; LEVELS="8 32 128"; else PHASE=20; BURST=1000000; LEVELS="4 8 16 32 64 128 256"; fi
OUT=bench/results
mkdir -p "$OUT"
started=$(date -u +%FT%TZ)

echo "== time to ready: bench/ready.sh (./suite up, then each service alone)"
bench/ready.sh 2>&1 | grep -v SLF4J | tee "$OUT/ready.txt"

source bench/lib.sh
redis_version=$(rcli INFO server | grep -Eo "redis_version:[0-9.]+" | cut -d: -f2)
for _ in 1 2 3; do load 10 32 0 >/dev/null 2>&1 || true; done   # JIT warm-up of the wallet
drain

echo "== the charge routes against raw Redis: bench/charges.sh $PHASE 50 50"
bench/charges.sh "$PHASE" 50 50 2>&1 | grep -v -e SLF4J -e '^funding' | tee "$OUT/charges.txt"

echo "== CPU per charge per process: bench/cost.sh $PHASE 50 50"
drain
bench/cost.sh "$PHASE" 50 50 2>&1 | grep -v -e SLF4J -e '^funding' -e 'Could not fetch server CONFIG' | tee "$OUT/cost.txt"

echo "== POST /v1/charges and raw EVALSHA against concurrency"
echo "connections raw_per_s route_per_s p50_ms p99_ms" >"$OUT/concurrency.dat"
ms() { awk '{v=$1; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; printf "%.2f", v}' <<<"$1"; }
for c in $LEVELS; do
  drain
  r=$(raw_charged $((c < 16 ? 50000 : 150000)) "$c")
  drain
  w=$(load "$((PHASE / 2))" "$c" 0)
  printf '%s %s %s %s %s\n' "$c" "$r" "$(rate "$w")" "$(ms "$(pct "$w" 50)")" "$(ms "$(pct "$w" 99)")" | tee -a "$OUT/concurrency.dat"
done

echo "== a burst of $BURST charges straight into Redis, and the pipeline working it off"
drain
echo "seconds stream wallet_ledger developer_earnings revenue" >"$OUT/burst.dat"
setsid ./suite lag 1000 2>/dev/null >"$OUT/lag.log" &
lag_pid=$!
until [ -s "$OUT/lag.log" ]; do sleep 0.2; done
group() { tail -n 1 "$OUT/lag.log" | tr ' ' '\n' | awk -F= -v g="$1" '$1 == g {print $2}'; }
t0=$(date +%s.%N)
raw_charged "$BURST" 50 -P 16 >"$OUT/burst-raw.txt" &
burst_pid=$!
while :; do
  now=$(awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN {printf "%.1f", a - b}')
  line="$now $(stream_length) $(group wallet-ledger) $(group developer-earnings) $(group revenue-service)"
  echo "$line" >>"$OUT/burst.dat"
  if ! kill -0 "$burst_pid" 2>/dev/null && awk '{exit !($2 < 200 && $3 == 0 && $4 == 0 && $5 == 0)}' <<<"$line"; then break; fi
  if awk -v t="$now" 'BEGIN {exit !(t > 1800)}'; then echo "the pipeline did not catch up within 30 minutes" >&2; break; fi
  sleep 1
done
kill -- -"$lag_pid" 2>/dev/null || true
wait "$burst_pid" || true
burst_rate=$(cat "$OUT/burst-raw.txt")
# When each stage was last seen behind: the time it took to work off the burst.
caught() { awk -v col="$1" 'NR > 1 && $col > (col == 2 ? 199 : 0) {t = $1} END {print t + 0}' "$OUT/burst.dat"; }
relay_s=$(caught 2); ledger_s=$(caught 3); earnings_s=$(caught 4); revenue_s=$(caught 5)
per_s() { awk -v n="$BURST" -v t="$1" 'BEGIN {if (t > 0) printf "%.0f", n / t; else print "n/a"}'; }
drift=$(curl -fsS -H "Authorization: Bearer $TOKEN" "$WALLET/v1/admin/reconciliation")
echo "burst written at $burst_rate/s; relay $relay_s s, ledger $ledger_s s, earnings $earnings_s s, revenue $revenue_s s; reconciliation: $drift"

echo "== settlement of 1,000,000 records and the dashboard over 10,000,000 events (the suite stopped first)"
./suite down >/dev/null 2>&1
./mvnw -B verify -pl settlement-service -am -Dtest=SettlementBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbenchmark=true 2>&1 | grep 'SETTLEMENT BENCHMARK' | tee "$OUT/settlement.txt"
./mvnw -B verify -pl revenue-service -am -Dtest=DashboardBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbenchmark=true 2>&1 | grep -e 'loaded .* roll-up rows' -e 'DashboardBenchmark period_days' | tee "$OUT/dashboard.txt"

echo "== plots"
gnuplot <<EOF
set terminal svg size 720,400 dynamic font "sans,12" background "white"
set grid; set key below; set logscale x 2; set xlabel "concurrent connections"
set output "bench/charges-throughput.svg"
set title "Charges per second against concurrency (same Redis, same script)"
set ylabel "charges / s"; set yrange [0:*]
plot "$OUT/concurrency.dat" using 1:2 with linespoints lw 2 title "redis-benchmark EVALSHA (raw)", \
     "" using 1:3 with linespoints lw 2 title "POST /v1/charges (HTTP, JWT, JSON)"
set output "bench/charges-latency.svg"
set title "POST /v1/charges latency against concurrency"
set ylabel "ms"
plot "$OUT/concurrency.dat" using 1:4 with linespoints lw 2 title "p50", "" using 1:5 with linespoints lw 2 title "p99"
unset logscale x; set xlabel "seconds since the burst started"; set ylabel "events behind"
set output "bench/burst-lag.svg"
set title "Working off a burst of $BURST charges"
plot "$OUT/burst.dat" using 1:2 with lines lw 2 title "billing stream (relay)", \
     "" using 1:3 with lines lw 2 title "wallet ledger", "" using 1:4 with lines lw 2 title "developer earnings", \
     "" using 1:5 with lines lw 2 title "revenue roll-ups"
EOF

echo "== bench/README.md"
machine="$(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1)"
table() { awk 'NR == 1 {print "| connections | raw EVALSHA /s | POST /v1/charges /s | ratio | p50 ms | p99 ms |"; print "| --- | --- | --- | --- | --- | --- |"; next}
  {printf "| %s | %s | %s | %.2f | %s | %s |\n", $1, $2, $3, ($2 > 0 ? $3 / $2 : 0), $4, $5}' "$OUT/concurrency.dat"; }
cat >bench/README.md <<EOF
# Benchmark report

Generated by \`bench/report.sh$($QUICK && echo ' --quick')\` on $started (UTC), on $machine.
Every figure below comes from that one run, one phase after another on the same machine, with
the suite started by \`./suite up\` (the five services, Redis $redis_version, Kafka and PostgreSQL as
local processes). Each phase starts once the relay and every Kafka consumer have caught up with
the previous one (\`./suite lag\`). Raw outputs: \`bench/results/\`. Regenerate with
\`bench/report.sh\` (needs Debian's \`wrk\`, \`redis-tools\` and \`gnuplot-nox\`; about 25 minutes).

## Time to ready

\`bench/ready.sh\`: \`./suite down && ./suite up\` (all five start at once and share the two cores),
then \`./suite restart\` of each service alone while the others idle; each from its launch until
\`/q/health/ready\` answers UP, with the class-data cache \`./suite up\` trained for this build
(README, "Two commands").

\`\`\`
$(grep -e 'local stack up' -e 'ready .* after launch' -e 'all five' -e 'starting the services' -e '^==' "$OUT/ready.txt" | sed -E -e 's/: Redis .*//' -e 's/:$//')
\`\`\`

## Cost per charge

\`bench/cost.sh $PHASE 50 50\` (bench/README's "Cost per charge" explains the method; one run):

\`\`\`
$(grep -v '^|' "$OUT/cost.txt" | grep -v '^$')
\`\`\`

$(grep '^|' "$OUT/cost.txt")

## The charge path against raw Redis

\`bench/charges.sh $PHASE 50 50\`: wrk drives \`POST /v1/charges\` (one charge per request, a fresh
UUIDv7 event id each, 200 funded users, JWT-authenticated) and \`POST /v1/charges/batch\` (50
charges per request), and \`redis-benchmark\` runs EVALSHA of the very same \`charge.lua\` with the
same keys on the same Redis, unpipelined and with \`-P 16\`. The raw figure is the physical limit
of the charge path on this machine: every HTTP charge runs that script once.

\`\`\`
$(cat "$OUT/charges.txt")
\`\`\`

### Against concurrency

$(table)

![throughput](charges-throughput.svg)
![latency](charges-latency.svg)

## Billing events through Kafka into the ledger and earnings

$BURST charges written straight into Redis by \`redis-benchmark\` (EVALSHA, 50 connections,
\`-P 16\`, $burst_rate/s), so that the billing stream holds a burst the relay must publish to
\`billing.events\` and three consumers must book: the wallet's \`token_ledger\` (two rows per charge),
developer earnings (one row per charge) and the revenue roll-ups. Sampled every second with
\`redis-cli XLEN\` and \`./suite lag\`; caught up = the last sample still behind.

| stage | caught up after | events per second |
| --- | --- | --- |
| relay: stream → Kafka \`billing.events\` | $relay_s s | $(per_s "$relay_s") |
| wallet ledger (2 rows per event) | $ledger_s s | $(per_s "$ledger_s") |
| developer earnings (1 row per event) | $earnings_s s | $(per_s "$earnings_s") |
| revenue roll-ups | $revenue_s s | $(per_s "$revenue_s") |

Reconciliation after the burst (\`GET /v1/admin/reconciliation\`): \`$drift\`

![burst](burst-lag.svg)

## Settlement of 1,000,000 records

\`./mvnw -B verify -pl settlement-service -am -Dtest=SettlementBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbenchmark=true\`

\`\`\`
$(cat "$OUT/settlement.txt")
\`\`\`

## The revenue dashboard over 10,000,000 events

\`./mvnw -B verify -pl revenue-service -am -Dtest=DashboardBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbenchmark=true\`

\`\`\`
$(cat "$OUT/dashboard.txt")
\`\`\`
EOF
echo "written: bench/README.md, bench/*.svg, $OUT/"
