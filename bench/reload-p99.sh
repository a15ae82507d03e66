#!/usr/bin/env bash
# Decision latency while a ruleset of 1,000 generated triggers (plus the sample's) is reloaded again and
# again, against the same constant rate without reloads. The packaged service runs in the production
# profile on loopback with its own copy of the rules; decisions come from the open-model generator
# (ConstantRateLoad, HdrHistogram, measured from each request's due time). Bounded: warm-up, then two
# windows of SECONDS each.
# Usage: [RATE=200] [WARMUP=180] [GAP=0] [BUILDER=1] [SERVICE_OPTS=jvm-options] bench/reload-p99.sh [SECONDS, default 30]
# GAP: seconds between the end of a reload and the next (0: back to back). The window with reloads is also
# recorded second by second (target/reload-p99-series.txt, reloads' start and end in .reloads, epoch ms),
# and summarised apart for the seconds while a build runs and the seconds between builds. SERVICE_OPTS:
# JVM options added to the service's, to compare settings. BUILDER=1: a second service, a builder that takes no
# decisions, compiles every ruleset (at nice 19, the way a builder Deployment on another node stays off the
# serving replicas' cores), and the measured service only loads its builds (nextbest.rules.builds.claim=false):
# each reload is asked of the builder first, then, once it is built, of the measured service, whose reload time
# is then its load alone. Seconds are then summarised apart for the load, the builder's compile (on this one
# machine it takes the cores the measured service decides on; a builder pod on another node would not) and
# the rest. The builder's windows go to target/reload-p99-series.txt.builds.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
rate=${RATE:-200}
port=18296
key=bench-key
rules=target/reload-p99-rules
rm -rf "$rules" && cp -r rules "$rules"
series=target/reload-p99-series.txt
rm -f "$series" "$series.reloads" "$series.builds"
needs_wrk=yes
source bench/service.sh
java -cp "target/bench-classes:$classpath" io.nextbest.bench.WriteGeneratedRules 1000 "$rules"
builder_port=18297
if [ -n "${BUILDER:-}" ]; then
    NEXTBEST_RULES_DIR="$rules" port=$builder_port NICE=19 start_service -Dnextbest.rules.watch-interval=off
    serving_opts=-Dnextbest.rules.builds.claim=false
fi
NEXTBEST_RULES_DIR="$rules" start_service -Dnextbest.rules.watch-interval=off ${serving_opts:-} ${SERVICE_OPTS:-}
create_customers 1000
curl -sf -H "X-API-Key: $key" "http://127.0.0.1:$port/v1/rules" | python3 -c \
    "import json, sys; print('Active ruleset:', len(json.load(sys.stdin)['rules']), 'rules')"

# Three minutes: with 1,000 rules more the JIT compiles for minutes, and a shorter warm-up measures it.
warmup=${WARMUP:-180}
echo "Warm-up (${warmup} s of decisions)"
wrk -t2 -c32 -d"${warmup}s" -s bench/wrk/decision.lua "http://127.0.0.1:$port" > /dev/null

load() { # [file for the per-second series]
    SERIES=${1:-} java -cp "target/bench-classes:$classpath" io.nextbest.bench.ConstantRateLoad "$port" decision "$rate" "$seconds" "$key" 1000
}
echo "Without reloads:"
load
echo "With reloads of the whole ruleset, ${GAP:-0} s apart:"
load "$series" &
generator=$!
sleep 1
reloads=()
while kill -0 "$generator" 2>/dev/null; do
    # A changed comment gives the files a new content hash, so every reload compiles the whole ruleset.
    echo "// reload $(date +%s%N)" > "$rules/reload-marker.drl"
    if [ -n "${BUILDER:-}" ]; then
        started=$(date +%s%3N)
        curl -s -o /dev/null -X POST -H "X-API-Key: $key" "http://127.0.0.1:$builder_port/v1/rules/reload"
        echo "$started $(date +%s%3N)" >> "$series.builds"
    fi
    started=$(date +%s%3N)
    took=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -X POST -H "X-API-Key: $key" "http://127.0.0.1:$port/v1/rules/reload")
    reloads+=("$took")
    echo "$started $(date +%s%3N)" >> "$series.reloads"
    sleep "${GAP:-0}"
done
wait "$generator"
printf '%s\n' "${reloads[@]}" | awk '{n++; if ($1 != 200) bad++; t[n] = $2} END {asort(t);
    printf "Reloads: %d (%d not 200), median %.2f s, max %.2f s\n", n, bad, t[int((n + 1) / 2)], t[n]}'
python3 - "$series" <<'PY'
import os, statistics, sys
series = sys.argv[1]
def windows(path):
    return [tuple(map(int, line.split())) for line in open(path)] if os.path.exists(path) else []
builds, builder = windows(series + ".reloads"), windows(series + ".builds")
def within(at, spans):
    # A second belongs to a window when it ends during it (or within a second after, its answers' tail).
    return any(start <= at <= end + 1000 for start, end in spans)
during, compiling, between = [], [], []
for line in open(series):
    at, answers, p50, p99, top = line.split()
    (during if within(int(at), builds) else compiling if within(int(at), builder) else between).append((float(p50), float(p99)))
for name, seconds in (("while the service builds or loads a ruleset", during),
                      ("while the builder compiles", compiling), ("between builds", between)):
    if seconds:
        print("Seconds %s: %d, median of their p50 %.1f ms, of their p99 %.1f ms, worst p99 %.1f ms" % (name,
              len(seconds), statistics.median(s[0] for s in seconds), statistics.median(s[1] for s in seconds),
              max(s[1] for s in seconds)))
PY
{ grep -c '"level":"ERROR"' "target/bench-$port.log" || true; } | xargs echo "Service errors logged:"
{ grep -c 'loaded as compiled' "target/bench-$port.log" || true; } | xargs echo "Rulesets the measured service loaded from a build instead of compiling:"
