#!/usr/bin/env bash
# The full decision path over HTTP against a trivial endpoint of the same service, on loopback only.
# Starts the packaged service in the production profile on the local PostgreSQL ("test" database) and
# Redis, creates 1,000 customers, warms up, then measures
#   1. throughput, closed loop (wrk, 2 threads, 32 connections): GET /v1/clock (API key, JSON, no I/O:
#      the ceiling) and POST /v1/decisions (profile, history, journeys, events stored, caps read and
#      reserved in Redis, record queued), SECONDS each;
#   2. latency at a constant rate of half the measured decision throughput for SECONDS (ConstantRateLoad:
#      open model, measured from each request's due time): p50, p99, p99.9, errors.
# Usage: bench/http.sh [SECONDS, default 20]. Needs wrk (apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
port=18299
key=bench-key
command -v wrk >/dev/null || { echo "Install wrk (apt-get install wrk)" >&2; exit 1; }
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
source bench/compile.sh

PGDATABASE=${PGDATABASE:-test} PGUSER=${PGUSER:-postgres} \
NEXTBEST_SECURITY_API_KEYS="bench:admin+decide:$(printf %s "$key" | sha256sum | cut -d' ' -f1)" \
java -Dquarkus.profile=prod -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=$port \
    -jar target/quarkus-app/quarkus-run.jar > target/bench-http.log 2>&1 &
app=$!
trap 'kill $app 2>/dev/null; wait $app 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/q/health/ready" >/dev/null && break; sleep 1; done

python3 - "$port" "$key" <<'PY'
import http.client, json, sys
port, key = int(sys.argv[1]), sys.argv[2]
connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
for i in range(1000):
    body = json.dumps({"timezone": "Europe/Paris", "segment": "consumer" if i % 5 else "enterprise",
                       "consents": {"email": True, "sms": i % 2 == 0, "push": True, "ads": True}})
    connection.request("PUT", "/v1/customers/bench-%d" % i, body, {"Content-Type": "application/json", "X-API-Key": key})
    connection.getresponse().read()
PY

echo "Warm-up (${seconds} s of decisions)"
wrk -t2 -c32 -d"${seconds}s" -s bench/wrk/decision.lua "http://127.0.0.1:$port" > /dev/null
trivial=$(wrk -t2 -c32 -d"${seconds}s" -s bench/wrk/trivial.lua "http://127.0.0.1:$port/v1/clock" | awk '/Requests\/sec/ {print $2}')
decisions=$(wrk -t2 -c32 -d"${seconds}s" --latency -s bench/wrk/decision.lua "http://127.0.0.1:$port" | tee target/bench-http-wrk.txt | awk '/Requests\/sec/ {print $2}')
echo "Throughput (closed loop, 32 connections): trivial ${trivial}/s, decisions ${decisions}/s" \
    "($(python3 -c "print(round(100 * $decisions / $trivial))") % of trivial)"
half=$(python3 -c "print(int($decisions / 2))")
java -cp "target/bench-classes:$classpath" io.nextbest.bench.ConstantRateLoad $port decision "$half" "$seconds" "$key" 1000
grep -c '"level":"ERROR"' target/bench-http.log | xargs echo "Service errors logged:"
