#!/usr/bin/env bash
# The full decision path over HTTP against a trivial endpoint of the same service, on loopback only.
# Starts the packaged service in the production profile on the local PostgreSQL ("test" database) and
# Redis, creates 10,000 customers, warms up, decides once for each, then measures
#   1. throughput, closed loop (wrk, 2 threads, 32 connections): GET /v1/clock (API key, JSON, no I/O:
#      the ceiling) and POST /v1/decisions (profile, history, journeys, events stored, caps read and
#      reserved in Redis, record queued), SECONDS each, with the service's CPU and voluntary context
#      switches per decision (by thread pool: where a decision hands off between threads);
#   2. latency at a constant rate of half the measured decision throughput for SECONDS (ConstantRateLoad:
#      open model, measured from each request's due time): p50, p99, p99.9, errors; and how many decisions,
#      event commits and Redis calls the service itself timed over 10 and over 50 ms meanwhile.
# With CANARY=<percent>, a canary ruleset (the sample plus one rule for an event nobody sends) decides for
# that share of the customers throughout, to measure what routing decisions between two rulesets costs.
# Usage: [WARMUP=240] [HISTORY=20] [CANARY=50] [BENCH_JVM=<JVM options>] bench/http.sh [SECONDS, default 20].
# Needs wrk (apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
port=18299
key=bench-key
# 10,000 measured customers, each with a month of browsing (HISTORY events, default 20) stored before
# the run, as an active customer brings to a decision; and 10,000 others for the warm-up, so that the
# warm-up does not grow the measured customers' histories (decisions slow down as histories grow).
export CUSTOMERS=${CUSTOMERS:-10000}
needs_wrk=yes
source bench/service.sh
start_service
create_customers "$CUSTOMERS" 0 "${HISTORY:-20}"
create_customers "$CUSTOMERS" "$CUSTOMERS"
if [ -n "${CANARY:-}" ]; then
    rule='package nextbest;\nimport io.nextbest.facts.*;\nrule \"Bench canary: an event nobody sends\"\n    agenda-group \"triggers\"\nwhen\n    Event( type == \"bench_never_sent\", current )\nthen\n    insert(Candidate.web(\"bench-never\"));\nend\n'
    curl -sf -X POST "http://127.0.0.1:$port/v1/rules/canary" -H "X-API-Key: $key" -H 'Content-Type: application/json' \
        -d "{\"files\": [{\"name\": \"bench-canary.drl\", \"content\": \"$rule\"}], \"percent\": $CANARY}" \
        | python3 -c 'import json, sys; c = json.load(sys.stdin); print("Canary", c["version"], "serves", c["percent"], "% of customers")'
fi

# On 2 cores the JIT compiler keeps a core busy for about four minutes of decisions (throughput rises
# from a fifth to its plateau meanwhile): measure after that.
warmup=${WARMUP:-240}
echo "Warm-up (${warmup} s of decisions for other customers)"
FIRST=$CUSTOMERS wrk -t2 -c32 -d"${warmup}s" -s bench/wrk/decision.lua "http://127.0.0.1:$port" > /dev/null
# Returning customers: each measured one has been decided once, so the replica holds its state.
echo "One decision for each measured customer"
wrk -t2 -c32 -d"$((CUSTOMERS / 500 + 5))s" -s bench/wrk/each-customer.lua "http://127.0.0.1:$port" > /dev/null
trivial=$(wrk -t2 -c32 -d"${seconds}s" -s bench/wrk/trivial.lua "http://127.0.0.1:$port/v1/clock" | awk '/Requests\/sec/ {print $2}')
service_cpu() { awk '{print $14 + $15}' "/proc/$app/stat"; }
# Every thread of the service: its name, its voluntary context switches so far (a thread that waits for
# another thread, a lock, I/O or a timer gives up its core: what each hand-off between threads costs) and
# its CPU time in clock ticks (the garbage collector's and the JIT compiler's threads among them).
thread_switches() {
    for task in /proc/"$app"/task/*; do
        printf '%s\t%s\t%s\t%s\n' "${task##*/}" "$(cat "$task/comm" 2>/dev/null)" \
            "$(awk '/^voluntary_ctxt_switches/ {print $2}' "$task/status" 2>/dev/null)" \
            "$(sed 's/.*) //' "$task/stat" 2>/dev/null | awk '{print $12 + $13}')"
    done
}
cpu_before=$(service_cpu)
thread_switches > target/bench-http-switches-before.tsv
decisions=$(wrk -t2 -c32 -d"${seconds}s" --latency -s bench/wrk/decision.lua "http://127.0.0.1:$port" | tee target/bench-http-wrk.txt | awk '/Requests\/sec/ {print $2}')
thread_switches > target/bench-http-switches-after.tsv
cpu_after=$(service_cpu)
requests=$(awk '/requests in/ {print $1}' target/bench-http-wrk.txt)
echo "Service CPU per decision (closed loop): $(python3 -c "print(round(($cpu_after - $cpu_before) * 1000 / $(getconf CLK_TCK) / $requests, 2))") ms"
python3 - target/bench-http-switches-before.tsv target/bench-http-switches-after.tsv "$requests" "$(getconf CLK_TCK)" <<'PY'
import collections, re, sys
def read(path):
    threads = {}
    for line in open(path):
        tid, name, switches, ticks = (line.rstrip("\n").split("\t") + ["", "", ""])[:4]
        if switches and ticks:
            threads[tid] = (name, int(switches), int(ticks))
    return threads
before, after, requests, tick = read(sys.argv[1]), read(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
switches, cpu = collections.Counter(), collections.Counter()
for tid, (name, count, ticks) in after.items():
    # Threads of one pool together: "vert.x-eventloop-thread-1" and "-0" are one line.
    pool = re.sub(r"[-_ #]*\d+$", "", name) or name
    _, count_before, ticks_before = before.get(tid, (name, 0, 0))
    switches[pool] += count - count_before
    cpu[pool] += ticks - ticks_before
print("Service voluntary context switches per decision (closed loop): %.1f" % (sum(switches.values()) / requests))
for name, count in switches.most_common(8):
    if count > 0:
        print("    %-28s %5.1f" % (name, count / requests))
print("Service CPU per decision by thread pool (closed loop), ms:")
for name, ticks in cpu.most_common(8):
    if ticks > 0:
        print("    %-28s %5.2f" % (name, ticks * 1000 / tick / requests))
PY
echo "Throughput (closed loop, 32 connections): trivial ${trivial}/s, decisions ${decisions}/s" \
    "($(python3 -c "print(round(100 * $decisions / $trivial))") % of trivial)"
half=$(python3 -c "print(int($decisions / 2))")
metrics() { curl -sf -H "X-API-Key: $key" "http://127.0.0.1:$port/q/metrics"; }
metrics > target/bench-http-metrics-before.txt
java -cp "target/bench-classes:$classpath" io.nextbest.bench.ConstantRateLoad $port decision "$half" "$seconds" "$key" "$CUSTOMERS"
metrics > target/bench-http-metrics-after.txt
# Where the slow ones waited, as the service measured it during the constant rate: how many decisions, event
# commits and contact-store (Redis) calls took longer than 10 and 50 ms (the latency histograms' buckets).
python3 - target/bench-http-metrics-before.txt target/bench-http-metrics-after.txt <<'PY'
import collections, re, sys
def read(path):
    counts = collections.Counter()
    for line in open(path):
        match = re.match(r'(nextbest_(?:decision|events_commit|caps_store)_duration_seconds)_bucket\{(.*)\} ([0-9.eE+]+)$', line)
        if not match:
            continue
        labels = dict(re.findall(r'(\w+)="([^"]*)"', match.group(2)))
        le = labels.pop("le")
        name = match.group(1).replace("nextbest_", "").replace("_duration_seconds", "")
        what = name + ("" if not labels.get("operation") else " " + labels["operation"])
        counts[(what, le)] += float(match.group(3))
    return counts
before, after = read(sys.argv[1]), read(sys.argv[2])
delta = {key: after[key] - before.get(key, 0) for key in after}
print("Service side during the constant rate (calls; over 10 ms; over 50 ms):")
for what in sorted({what for what, _ in delta}):
    total = delta.get((what, "+Inf"), 0)
    if total:
        over = lambda le: total - delta.get((what, le), 0)
        print("    %-28s %7d %6d %6d" % (what, total, over("0.01"), over("0.05")))
PY
echo "Service errors logged: $(grep -c '"level":"ERROR"' "target/bench-$port.log" || true)"
