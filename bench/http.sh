#!/usr/bin/env bash
# The full decision path over HTTP against a trivial endpoint of the same service, on loopback only.
# Starts the packaged service in the production profile on the local PostgreSQL ("test" database) and
# Redis, creates 10,000 customers, warms up, then measures
#   1. throughput, closed loop (wrk, 2 threads, 32 connections): GET /v1/clock (API key, JSON, no I/O:
#      the ceiling) and POST /v1/decisions (profile, history, journeys, events stored, caps read and
#      reserved in Redis, record queued), SECONDS each;
#   2. latency at a constant rate of half the measured decision throughput for SECONDS (ConstantRateLoad:
#      open model, measured from each request's due time): p50, p99, p99.9, errors.
# Usage: [WARMUP=60] bench/http.sh [SECONDS, default 20]. Needs wrk (apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
port=18299
key=bench-key
# 10,000 customers: each gathers some 20 events in a run, as an active customer would in a month (with
# fewer, histories grow to the 200-event cap and every decision gets slower as the run goes on).
export CUSTOMERS=${CUSTOMERS:-10000}
source bench/service.sh
start_service
create_customers "$CUSTOMERS"

# The JIT needs a minute or more of decisions on 2 cores before the service runs at its pace.
warmup=${WARMUP:-60}
echo "Warm-up (${warmup} s of decisions)"
wrk -t2 -c32 -d"${warmup}s" -s bench/wrk/decision.lua "http://127.0.0.1:$port" > /dev/null
trivial=$(wrk -t2 -c32 -d"${seconds}s" -s bench/wrk/trivial.lua "http://127.0.0.1:$port/v1/clock" | awk '/Requests\/sec/ {print $2}')
decisions=$(wrk -t2 -c32 -d"${seconds}s" --latency -s bench/wrk/decision.lua "http://127.0.0.1:$port" | tee target/bench-http-wrk.txt | awk '/Requests\/sec/ {print $2}')
echo "Throughput (closed loop, 32 connections): trivial ${trivial}/s, decisions ${decisions}/s" \
    "($(python3 -c "print(round(100 * $decisions / $trivial))") % of trivial)"
half=$(python3 -c "print(int($decisions / 2))")
java -cp "target/bench-classes:$classpath" io.nextbest.bench.ConstantRateLoad $port decision "$half" "$seconds" "$key" "$CUSTOMERS"
grep -c '"level":"ERROR"' "target/bench-$port.log" | xargs echo "Service errors logged:"
