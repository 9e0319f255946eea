#!/usr/bin/env bash
# Starts, stops and lists several Switchboard nodes on this machine, clustered through Hazelcast on 127.0.0.1.
#
#   deploy/cluster.sh start 3     # nodes 1..3: REST on 8080, 8090, 8100 (base port + 10 per node),
#                                 # WebSocket on the next port: 8081, 8091, 8101,
#                                 # TCP event-bus bridge on the one after: 8082, 8092, 8102
#   deploy/cluster.sh status
#   deploy/cluster.sh stop        # SIGTERM: each node drains and leaves the cluster
#
# Settings (environment):
#   SWITCHBOARD_JAR           the fat jar            (default: verticles/target/switchboard.jar)
#   SWITCHBOARD_BASE_PORT     REST port of node 1    (default: 8080)
#   SWITCHBOARD_RUN_DIR       pids, logs, audit logs (default: deploy/run)
#   SWITCHBOARD_CLUSTER_NAME  Hazelcast cluster name (default: switchboard); nodes only join their own cluster
# Any other SWITCHBOARD_* variable (see docs/configuration.md) is passed to every node.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
jar="${SWITCHBOARD_JAR:-$root/verticles/target/switchboard.jar}"
base_port="${SWITCHBOARD_BASE_PORT:-8080}"
run_dir="${SWITCHBOARD_RUN_DIR:-$here/run}"
cluster_name="${SWITCHBOARD_CLUSTER_NAME:-switchboard}"

usage() {
  sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit 2
}

port_of() { echo $((base_port + ($1 - 1) * 10)); }

wait_healthy() {
  local port=$1 pid=$2 i
  for i in $(seq 1 120); do
    if ! kill -0 "$pid" 2>/dev/null; then
      return 1
    fi
    if curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.5
  done
  return 1
}

start() {
  local count=${1:-}
  [[ "$count" =~ ^[1-9][0-9]*$ ]] || usage
  [ -f "$jar" ] || { echo "no jar at $jar: build it first (mvn -B -q package -DskipTests)" >&2; exit 1; }
  mkdir -p "$run_dir"
  # The top-level cluster.xml with this run's cluster name, so separate runs never merge.
  sed "s|<cluster-name>switchboard</cluster-name>|<cluster-name>$cluster_name</cluster-name>|" \
    "$root/cluster.xml" > "$run_dir/cluster.xml"
  local i
  for i in $(seq 1 "$count"); do
    if [ -f "$run_dir/node-$i.pid" ] && kill -0 "$(cat "$run_dir/node-$i.pid")" 2>/dev/null; then
      echo "node $i already running (pid $(cat "$run_dir/node-$i.pid"))"
      continue
    fi
    local port; port=$(port_of "$i")
    SWITCHBOARD_HTTP_PORT=$port SWITCHBOARD_WS_PORT=$((port + 1)) SWITCHBOARD_BRIDGE_TCP_PORT=$((port + 2)) \
      SWITCHBOARD_AUDIT_FILE="$run_dir/node-$i-audit.jsonl" \
      nohup java -Dvertx.hazelcast.config="$run_dir/cluster.xml" -jar "$jar" -cluster \
      > "$run_dir/node-$i.log" 2>&1 < /dev/null &
    echo $! > "$run_dir/node-$i.pid"
    # Start nodes one after another: the first one's generated secret is then shared by all.
    if wait_healthy "$port" "$!"; then
      echo "node $i up: http://127.0.0.1:$port (pid $!, log $run_dir/node-$i.log)"
    else
      echo "node $i failed to start; last lines of $run_dir/node-$i.log:" >&2
      tail -20 "$run_dir/node-$i.log" >&2
      exit 1
    fi
  done
}

stop() {
  local pidfile pid stopped=0
  shopt -s nullglob
  for pidfile in "$run_dir"/node-*.pid; do
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      local i
      for i in $(seq 1 60); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.5
      done
      if kill -0 "$pid" 2>/dev/null; then
        echo "pid $pid did not stop within 30 s, killing it" >&2
        kill -KILL "$pid" || true
      fi
      stopped=$((stopped + 1))
    fi
    rm -f "$pidfile"
  done
  echo "stopped $stopped node(s)"
}

status() {
  local pidfile pid n port
  shopt -s nullglob
  for pidfile in "$run_dir"/node-*.pid; do
    n=$(basename "$pidfile" .pid); n=${n#node-}
    pid=$(cat "$pidfile"); port=$(port_of "$n")
    if kill -0 "$pid" 2>/dev/null; then
      echo "node $n pid $pid http://127.0.0.1:$port $(curl -fsS "http://127.0.0.1:$port/api/health" 2>/dev/null || echo '(not answering)')"
    else
      echo "node $n pid $pid not running"
    fi
  done
}

case "${1:-}" in
  start) start "${2:-}" ;;
  stop) stop ;;
  status) status ;;
  *) usage ;;
esac
