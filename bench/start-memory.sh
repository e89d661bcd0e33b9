#!/usr/bin/env bash
# Measures start-up and memory (issue 8): starts the hub on its embedded defaults (sandbox on) in a new data folder,
# times the start until the readiness probe first answers 200, then drives POST /webhooks/billing with the sandbox's
# webhook secret and reads the resident memory (RSS) of the JVM. One line per run.
#   bench/start-memory.sh [runs] [load-seconds] [launcher words ...]
#   bench/start-memory.sh 3 10                                  # java -jar target/payment-hub-*.jar
#   bench/start-memory.sh 3 10 scripts/hub                      # the launcher with class data sharing
#   bench/start-memory.sh 3 0 java -XX:+UseSerialGC -jar target/payment-hub-0.1.0-SNAPSHOT.jar
# load-seconds 0 measures the start only. Environment: BENCH_PORT (18081), CONNECTIONS (16).
# Columns: ready_ms (java started -> first 200 of /actuator/health/readiness), cpu_ms (CPU the JVM used until then),
# rss_ready, rss_load (1 s after the load) / rss_idle (7 s after), the load's req/s, errors and latency.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
seconds=${2:-10}
shift $(( $# < 2 ? $# : 2 ))
launcher=("$@")
port=${BENCH_PORT:-18081}
connections=${CONNECTIONS:-16}
work=$(mktemp -d)
hub=""
trap '[[ -n "$hub" ]] && kill "$hub" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

ls target/payment-hub-*.jar >/dev/null 2>&1 || ./mvnw -q -B -DskipTests package
if (( seconds > 0 )); then
  ./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=test >/dev/null
fi
if (( ${#launcher[@]} == 0 )); then
  jars=(target/payment-hub-*.jar)
  launcher=(java -jar "${jars[0]}")
fi

rss_mb() { echo $(( $(ps -o rss= -p "$1" | tr -d ' ') / 1024 )); }
cpu_ms() { awk '{print ($14 + $15) * 1000 / '"$(getconf CLK_TCK)"'}' "/proc/$1/stat"; }
load() {  # connections seconds warmup
  java -Xmx256m -cp "target/test-classes:target/classes:$(cat "$work/cp.txt")" io.paymenthub.bench.WebhookLoadBenchmark \
    "http://127.0.0.1:$port" "$secret" "$@" 2>&1 | tail -1
}

for run in $(seq 1 "$runs"); do
  data="$work/data-$run"
  started=$(date +%s%N)
  "${launcher[@]}" --server.port="$port" --hub.data-dir="$data" >"$work/hub-$run.log" 2>&1 &
  hub=$!
  ready=""
  for _ in $(seq 1 1200); do
    if [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port/actuator/health/readiness")" == 200 ]]; then
      ready=$(( ($(date +%s%N) - started) / 1000000 ))
      break
    fi
    kill -0 "$hub" 2>/dev/null || break
    sleep 0.05
  done
  [[ -n "$ready" ]] || { tail -40 "$work/hub-$run.log"; exit 1; }
  # a launcher script that execs java keeps the pid; one that forks has java as its child
  jvm=$(pgrep -P "$hub" java || echo "$hub")
  line="run $run: ready_ms=$ready cpu_ms=$(cpu_ms "$jvm") rss_ready=$(rss_mb "$jvm")M"
  if (( seconds > 0 )); then
    secret=$(sed -n 's/^webhook-secret=//p' "$data/sandbox-credentials.properties")
    load "$connections" 3 0 >/dev/null    # warm-up, not reported
    result=$(load "$connections" "$seconds" 0)
    sleep 1
    rss_load=$(rss_mb "$jvm")
    sleep 6
    line="$line rss_load=${rss_load}M rss_idle=$(rss_mb "$jvm")M | $result"
  fi
  echo "$line"
  kill "$hub"
  wait "$hub" 2>/dev/null || true
  hub=""
done
