# CPU time of each process of the running suite, from /proc (source it). utime + stime in clock
# ticks (getconf CLK_TCK, 100 here), threads included. PostgreSQL is the postmaster with every
# backend: the live ones' own time plus what finished backends left in the postmaster's cutime/cstime.
# Redis is every node of a Redis Cluster when the suite runs on one.
STATE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.suite"
PROCS=(wallet-service developer-earnings-service settlement-service revenue-service goal-service redis kafka postgres)
TICK_US=$((1000000 / $(getconf CLK_TCK)))

proc_pid() {
  case "$1" in
    redis | kafka | postgres) grep "^$1.pid=" "$STATE_DIR/stack/processes.properties" | cut -d= -f2 ;;
    *) cat "$STATE_DIR/pids/$1.pid" ;;
  esac
}
# The fields after "(comm)": $12 utime, $13 stime, $14 cutime, $15 cstime, $2 ppid.
stat_fields() { sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null; }
proc_ticks() {
  local pid
  pid=$(proc_pid "$1") || return 1
  if [ "$1" = redis ]; then
    # every node of a Redis Cluster (./suite up --redis-cluster), or the one node
    for node in $pid $(grep '^redis.cluster.pids=' "$STATE_DIR/stack/processes.properties" | cut -d= -f2 | tr ',' ' '); do
      stat_fields "$node" | awk '{print $12 + $13}'
    done | awk '{s += $1} END {print s + 0}'
  elif [ "$1" = postgres ]; then
    { stat_fields "$pid" | awk '{print $12 + $13 + $14 + $15}'
      for child in $(pgrep -P "$pid"); do stat_fields "$child" | awk '{print $12 + $13}'; done
    } | awk '{s += $1} END {print s + 0}'
  else
    stat_fields "$pid" | awk '{print $12 + $13}'
  fi
}
# cpu_snapshot: "name ticks" for every process, one per line.
cpu_snapshot() { for p in "${PROCS[@]}"; do echo "$p $(proc_ticks "$p")"; done; }
# cpu_delta BEFORE AFTER: "name microseconds" between two snapshots.
cpu_delta() {
  join <(sort <<<"$1") <(sort <<<"$2") | awk -v t="$TICK_US" '{print $1, ($3 - $2) * t}'
}
