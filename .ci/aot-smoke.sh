#!/usr/bin/env bash
# AOT smoke test of the sample app: build it with Spring AOT (process-aot), start a local
# 3-node Alternator cluster, start the app with -Dspring.aot.enabled=true against it, do a
# CRUD round trip, check that /actuator/alternator reports 3 ACTIVE nodes, then stop both.
# Every step is bounded by `timeout`; only the processes this script started are stopped.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v curl >/dev/null || { echo "curl is required"; exit 1; }

work="$(mktemp -d)"
cluster_pid=""
app_pid=""
cleanup() {
  for pid in "$app_pid" "$cluster_pid"; do
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "AOT smoke test failed: $*"
  for log in "$work"/*.log; do [ -f "$log" ] && { echo "--- $log"; tail -n 60 "$log"; }; done
  exit 1
}

# wait_for FILE REGEX SECONDS [PID]: waits until FILE has a line matching REGEX.
wait_for() {
  local file="$1" regex="$2" seconds="$3" pid="${4:-}"
  for _ in $(seq 1 $((seconds * 5))); do
    grep -qE "$regex" "$file" 2>/dev/null && return 0
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    sleep 0.2
  done
  return 1
}

echo "== Building the sample app with Spring AOT"
timeout 900 ./mvnw -B -ntp -q -Paot -pl sample-app -am package -DskipTests
jar="$(ls sample-app/target/sample-app-*.jar | grep -v -- '-plain' | head -n 1)"
[ -f "$jar" ] || fail "no sample app jar"
ls sample-app/target/spring-aot/main/sources >/dev/null 2>&1 || fail "process-aot generated no sources"

echo "== Starting a local 3-node Alternator cluster"
timeout 300 ./mvnw -B -ntp -q -pl alternator-test-support dependency:build-classpath \
  -Dmdep.includeScope=runtime -Dmdep.outputFile="$work/cluster.classpath"
java -cp "alternator-test-support/target/classes:$(cat "$work/cluster.classpath")" \
  dev.alternator.testsupport.LocalAlternatorClusterMain --nodes 3 --port 0 --lifetime PT10M \
  > "$work/cluster.log" 2>&1 &
cluster_pid=$!
wait_for "$work/cluster.log" 'address=127\.0\.0\.3 ' 180 "$cluster_pid" || fail "the cluster did not start"
alternator_port="$(grep -m1 -oE 'port=[0-9]+' "$work/cluster.log" | cut -d= -f2)"
echo "cluster on 127.0.0.1-3, port $alternator_port"

echo "== Starting the sample app in AOT mode"
java -Dspring.aot.enabled=true -jar "$jar" \
  --alternator.seed-hosts=127.0.0.1,127.0.0.2,127.0.0.3 --alternator.port="$alternator_port" \
  --server.port=0 > "$work/app.log" 2>&1 &
app_pid=$!
wait_for "$work/app.log" 'Started SampleApplication' 120 "$app_pid" || fail "the app did not start"
app_port="$(grep -m1 -oE 'started on port [0-9]+' "$work/app.log" | grep -oE '[0-9]+$')"
[ -n "$app_port" ] || fail "no HTTP port in the app log"
base="http://localhost:$app_port"

echo "== CRUD round trip"
status="$(timeout 30 curl -s -o "$work/created.json" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
  -d '{"id":"aot","name":"AOT item","quantity":1}' "$base/items")"
[ "$status" = 201 ] || fail "POST /items answered $status"
timeout 30 curl -sf "$base/items/aot" | grep -q '"name":"AOT item"' || fail "GET /items/aot"
status="$(timeout 30 curl -s -o /dev/null -w '%{http_code}' -X DELETE "$base/items/aot")"
[ "$status" = 204 ] || fail "DELETE /items/aot answered $status"

echo "== Checking /actuator/alternator"
timeout 30 curl -sf "$base/actuator/alternator" > "$work/alternator.json" || fail "GET /actuator/alternator"
active="$(grep -oE '"state":"ACTIVE"' "$work/alternator.json" | wc -l | tr -d ' ')"
[ "$active" = 3 ] || fail "expected 3 ACTIVE nodes, got $active: $(cat "$work/alternator.json")"

echo "== Stopping"
kill "$app_pid"
for _ in $(seq 1 100); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.2; done
kill -0 "$app_pid" 2>/dev/null && fail "the app did not stop within 20 s"
app_pid=""
echo "AOT smoke test passed: CRUD round trip and 3 ACTIVE nodes with -Dspring.aot.enabled=true"
