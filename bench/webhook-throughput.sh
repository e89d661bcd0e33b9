#!/usr/bin/env bash
# Measures the webhook endpoint: starts the packaged hub against the given database and broker (or its
# embedded defaults), drives POST /webhooks/billing with new signed events, prints req/s and latency.
#   bench/webhook-throughput.sh [connections] [seconds]
# Environment: SPRING_DATASOURCE_URL / SPRING_ACTIVEMQ_BROKER_URL as for the hub itself (unset = embedded).
set -euo pipefail
cd "$(dirname "$0")/.."
connections=${1:-16}
seconds=${2:-20}
port=${BENCH_PORT:-18080}
secret="whsec_$(head -c 32 /dev/urandom | base64)"  # a throw-away key for this run only
work=$(mktemp -d)
trap 'kill "$hub" 2>/dev/null || true; wait "$hub" 2>/dev/null || true; rm -rf "$work"' EXIT

ls target/payment-hub-*.jar >/dev/null 2>&1 || ./mvnw -q -B -DskipTests package
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=test >/dev/null

java -Xmx1g -jar target/payment-hub-*.jar --server.port="$port" --hub.data-dir="$work/data" \
  --hub.sandbox.enabled=false --hub.api-keys=bench:bench-key-0000000000 \
  --hub.providers.billing.webhook-secrets="$secret" --logging.level.root=WARN \
  --logging.level.io.paymenthub=WARN > "$work/hub.log" 2>&1 &
hub=$!
for _ in $(seq 1 90); do
  curl -fs "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null || { cat "$work/hub.log"; exit 1; }

java -cp "target/test-classes:target/classes:$(cat "$work/cp.txt")" io.paymenthub.bench.WebhookLoadBenchmark \
  "http://127.0.0.1:$port" "$secret" "$connections" "$seconds"
