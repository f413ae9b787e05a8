#!/usr/bin/env bash
# Starts or stops a local Spark Connect server (pyspark from scripts/spark/venv.sh, local[2], 127.0.0.1 only).
#   scripts/spark/server.sh start [state-dir]   start, wait until it accepts connections, print sc://127.0.0.1:<port>
#   scripts/spark/server.sh stop  [state-dir]   stop the server started with that state dir (no-op if none)
# Environment: SPARK_CONNECT_PORT (default 15002), SPARK_DRIVER_MEMORY (default 1g),
#              SPARK_START_TIMEOUT seconds (default 180), SPARK_DELTA=1 (load Delta Lake: $DELTA_PACKAGE from Maven
#              Central, cached in ${XDG_CACHE_HOME:-~/.cache}/ecomflow/ivy, plus Delta's SQL extension and catalog).
#              The state dir (default $TMPDIR/ecomflow-spark-<port>)
#              holds the pid, the server log, and Spark's scratch (warehouse dir, local dirs).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
command="${1:-}"
port="${SPARK_CONNECT_PORT:-15002}"
state="${2:-${TMPDIR:-/tmp}/ecomflow-spark-$port}"
pidfile="$state/server.pid"
# Delta Lake for Spark 4.0 (Scala 2.13); pinned, as pyspark is.
DELTA_PACKAGE="${DELTA_PACKAGE:-io.delta:delta-spark_2.13:4.0.0}"
log="$state/server.log"

stop() {
  [[ -f "$pidfile" ]] || return 0
  local pid
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
  echo "spark server: stopped (pid $pid)" >&2
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

start() {
  if port_open; then
    echo "spark server: port $port on 127.0.0.1 is already in use; set SPARK_CONNECT_PORT" >&2
    exit 1
  fi
  local venv
  venv="$("$here/venv.sh")"
  export SPARK_HOME
  SPARK_HOME="$("$venv/bin/python" -c 'import os, importlib.util as u; print(os.path.dirname(u.find_spec("pyspark").origin))')"
  mkdir -p "$state/warehouse" "$state/local"
  local started=$SECONDS
  local delta=()
  if [[ "${SPARK_DELTA:-}" == 1 ]]; then
    # --packages resolves through Ivy; its cache outside the state dir, so the download is paid once per machine.
    delta=(--packages "$DELTA_PACKAGE"
      --conf "spark.jars.ivy=${XDG_CACHE_HOME:-$HOME/.cache}/ecomflow/ivy"
      --conf spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension
      --conf spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog)
  fi
  # setsid: the server gets its own process group, so stop() ends it and every child by the group id.
  (cd "$state" && exec setsid "$SPARK_HOME/bin/spark-submit" \
    --class org.apache.spark.sql.connect.service.SparkConnectServer \
    --master 'local[2]' \
    --driver-memory "${SPARK_DRIVER_MEMORY:-1g}" \
    --conf spark.connect.grpc.binding.address=127.0.0.1 \
    --conf "spark.connect.grpc.binding.port=$port" \
    --conf spark.driver.bindAddress=127.0.0.1 \
    --conf spark.driver.host=127.0.0.1 \
    --conf spark.ui.enabled=false \
    --conf spark.sql.shuffle.partitions=4 \
    --conf "spark.sql.warehouse.dir=$state/warehouse" \
    --conf "spark.local.dir=$state/local" \
    "${delta[@]}" \
    >"$log" 2>&1 </dev/null) &
  echo $! >"$pidfile"
  local pid timeout="${SPARK_START_TIMEOUT:-180}"
  pid="$(cat "$pidfile")"
  until port_open; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "spark server: exited before it was ready; last lines of $log:" >&2
      tail -n 30 "$log" >&2
      rm -f "$pidfile"
      exit 1
    fi
    if (( SECONDS - started >= timeout )); then
      echo "spark server: not ready after ${timeout}s; last lines of $log:" >&2
      tail -n 30 "$log" >&2
      stop
      exit 1
    fi
    sleep 0.5
  done
  echo "spark server: ready on 127.0.0.1:$port after $((SECONDS - started))s (pid $pid, log $log)" >&2
  echo "sc://127.0.0.1:$port"
}

case "$command" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop [state-dir]" >&2; exit 2 ;;
esac
