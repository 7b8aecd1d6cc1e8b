# One measured phase of load, for bench/cost.sh and bench/first-minute.sh (source it after lib.sh
# and procs.sh; the caller sets SECONDS_EACH and ROWS=()). phase() waits until the pipeline is idle,
# reads every process's CPU, drives the route, waits until every charge it made is booked (relay,
# ledger, earnings, revenue) and appends a table row of µs of CPU per charge to ROWS; PEAK is the
# accepted rate and TOTAL the row's all-in figure.
metric() { # PORT REGEX: the sum of the samples whose line matches REGEX
  curl -s --max-time 5 "http://127.0.0.1:$1/q/metrics" | awk -v re="$2" '$0 ~ re && $1 !~ /^#/ {s += $NF} END {printf "%d", s}'
}
relayed() { metric 8081 '^wallet_relay_published_total'; }
consumed() { metric "$1" "^consumer_events_total\\{.*channel=\"$2\""; }
counts() { echo "$(relayed) $(consumed 8081 ledger) $(consumed 8082 billing-events) $(consumed 8084 billing-revenue)"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", b - a}'; }

# per_charge LABEL BEFORE AFTER CHARGES: one table row, µs of CPU per charge for each process.
per_charge() {
  cpu_delta "$2" "$3" | awk -v label="$1" -v n="$4" -v order="${PROCS[*]}" '
    {us[$1] = $2}
    END {
      split(order, names, " "); row = "| " label; total = 0
      for (i = 1; i <= length(names); i++) { v = us[names[i]] / n; total += v; row = row sprintf(" | %.0f", v) }
      print row sprintf(" | **%.0f** |", total) }'
}
header() {
  local h="| per charge, µs of CPU" sep="| ---"
  for p in "${PROCS[@]}"; do h+=" | ${p%-service}"; sep+=" | ---"; done
  echo "$h | all |"; echo "$sep | --- |"
}

# phase LABEL BATCH CONNECTIONS: prints "rate booked_rate charges p50 p99 row".
phase() {
  local label="$1" batch="$2" conns="$3" before after seq0 seq1 c0 c1 t0 t1 t2 out n
  drain
  before=$(cpu_snapshot); seq0=$(movements); c0=$(counts); t0=$(now)
  out=$(load "$SECONDS_EACH" "$conns" "$batch")
  t1=$(now); seq1=$(movements); n=$((seq1 - seq0))
  for _ in $(seq 1 1200); do
    c1=$(counts)
    if awk -v a="$c0" -v b="$c1" -v n="$n" 'BEGIN {split(a, x, " "); split(b, y, " ");
        for (i = 1; i <= 4; i++) if (y[i] - x[i] < n) exit 1; exit 0}'; then break; fi
    sleep 0.5
  done
  t2=$(now); after=$(cpu_snapshot)
  echo "$label: $n charges; accepted $(awk -v n=$n -v s="$(elapsed "$t0" "$t1")" 'BEGIN {printf "%.0f", n / s}')/s over $(elapsed "$t0" "$t1") s, booked end to end $(awk -v n=$n -v s="$(elapsed "$t0" "$t2")" 'BEGIN {printf "%.0f", n / s}')/s (all booked after $(elapsed "$t0" "$t2") s); p50 $(pct "$out" 50) p99 $(pct "$out" 99) per request $(errors "$out")" >&2
  ROWS+=("$(per_charge "$label" "$before" "$after" "$n")")
  TOTAL=$(grep -o '\*\*[0-9]*\*\*' <<<"${ROWS[-1]}" | tr -d '*')
  PEAK=$(awk -v n=$n -v s="$(elapsed "$t0" "$t1")" 'BEGIN {printf "%.0f", n / s}')
}

