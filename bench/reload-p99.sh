#!/usr/bin/env bash
# Decision latency while a ruleset of 1,000 generated triggers (plus the sample's) is reloaded again and
# again, against the same constant rate without reloads. The packaged service runs in the production
# profile on loopback with its own copy of the rules; decisions come from the open-model generator
# (ConstantRateLoad, HdrHistogram, measured from each request's due time). Bounded: warm-up, then two
# windows of SECONDS each.
# Usage: [RATE=200] [WARMUP=180] bench/reload-p99.sh [SECONDS, default 30]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
rate=${RATE:-200}
port=18296
key=bench-key
rules=target/reload-p99-rules
rm -rf "$rules" && cp -r rules "$rules"
source bench/service.sh
java -cp "target/bench-classes:$classpath" io.nextbest.bench.WriteGeneratedRules 1000 "$rules"
NEXTBEST_RULES_DIR="$rules" start_service -Dnextbest.rules.watch-interval=off
create_customers 1000
curl -sf -H "X-API-Key: $key" "http://127.0.0.1:$port/v1/rules" | python3 -c \
    "import json, sys; print('Active ruleset:', len(json.load(sys.stdin)['rules']), 'rules')"

# Three minutes: with 1,000 rules more the JIT compiles for minutes, and a shorter warm-up measures it.
warmup=${WARMUP:-180}
echo "Warm-up (${warmup} s of decisions)"
wrk -t2 -c32 -d"${warmup}s" -s bench/wrk/decision.lua "http://127.0.0.1:$port" > /dev/null

load() { java -cp "target/bench-classes:$classpath" io.nextbest.bench.ConstantRateLoad "$port" decision "$rate" "$seconds" "$key" 1000; }
echo "Without reloads:"
load
echo "With back-to-back reloads of the whole ruleset:"
load &
generator=$!
sleep 1
reloads=()
while kill -0 "$generator" 2>/dev/null; do
    # A changed comment gives the files a new content hash, so every reload compiles the whole ruleset.
    echo "// reload $(date +%s%N)" > "$rules/reload-marker.drl"
    took=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -X POST -H "X-API-Key: $key" "http://127.0.0.1:$port/v1/rules/reload")
    reloads+=("$took")
done
wait "$generator"
printf '%s\n' "${reloads[@]}" | awk '{n++; if ($1 != 200) bad++; t[n] = $2} END {asort(t);
    printf "Reloads: %d (%d not 200), median %.2f s, max %.2f s\n", n, bad, t[int((n + 1) / 2)], t[n]}'
grep -c '"level":"ERROR"' "target/bench-$port.log" | xargs echo "Service errors logged:"
