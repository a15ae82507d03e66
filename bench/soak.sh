#!/usr/bin/env bash
# Soak: the packaged service (production profile, loopback) decides at a steady RATE for MINUTES while the
# rules are changed and reloaded every RELOAD_EVERY seconds and Redis is restarted in the middle (shut down
# with a save, down for 5 s, started again from its dump, as a Redis with persistence restarts). Each
# decision carries an event of its own id that the soak rule answers with an email and a push, so the
# sample caps (3 emails in 7 days, 1 push a local day) bind for every one of the 2,000 customers.
# Afterwards SoakLoad checks the database and Redis against every answer: lost events, over-sent caps,
# missing decision records, and reports the error rate. Redis runs apart on port 6391 (its own dump in
# target/), PostgreSQL is the local "test" database. Bounded: MINUTES of load plus about a minute of set-up.
# Usage: [RATE=100] [RELOAD_EVERY=30] [CUSTOMERS=2000] bench/soak.sh [MINUTES, default 5]
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-5}
rate=${RATE:-100}
port=18295
key=bench-key
redis_port=6391
redis_dir=$(pwd)/target/soak-redis
rules=target/soak-rules
export CUSTOMERS=${CUSTOMERS:-2000}

start_redis() {
    redis-server --port "$redis_port" --bind 127.0.0.1 --daemonize yes --save "" --appendonly no \
        --dir "$redis_dir" --dbfilename soak.rdb --logfile "$redis_dir/redis.log"
    for _ in $(seq 1 30); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && return; sleep 0.2; done
    echo "Redis on $redis_port did not start" >&2; exit 1
}
rm -rf "$redis_dir" "$rules" && mkdir -p "$redis_dir" && cp -r rules "$rules"
cat > "$rules/soak.drl" <<'DRL'
package nextbest;
import io.nextbest.facts.*;

rule "Soak: a probe proposes an email and a push"
    agenda-group "triggers"
when
    $probe : Event( type == "soak_probe", current )
then
    insert(Candidate.email("soak-email-" + $probe.text("n")).priority(50));
    insert(Candidate.push("soak-push-" + $probe.text("n")).priority(40));
end
DRL
redis-cli -p "$redis_port" ping >/dev/null 2>&1 && { echo "Port $redis_port is taken: stop that Redis first" >&2; exit 1; }
start_redis
source bench/service.sh
REDIS_PORT=$redis_port NEXTBEST_RULES_DIR="$rules" start_service -Dnextbest.rules.watch-interval=off
# After start_service, whose own trap this one replaces: stop the service, then this Redis.
trap 'kill "${services[@]}" 2>/dev/null; wait "${services[@]}" 2>/dev/null || true; redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true' EXIT
create_customers "$CUSTOMERS"

run="soak-$(date +%s)"
seconds=$((minutes * 60))
echo "Soak: $rate decisions/s for $minutes min, reloads every ${RELOAD_EVERY:-30} s, Redis restarted at $((seconds / 2)) s"
java -cp "target/bench-classes:$classpath" io.nextbest.bench.SoakLoad "$port" "$key" "$rate" "$seconds" "$run" \
    "$CUSTOMERS" "$redis_port" "jdbc:postgresql://127.0.0.1:5432/${PGDATABASE:-test}" &
load=$!
started=$SECONDS
restarted=
reloads=0
failed_reloads=0
while kill -0 "$load" 2>/dev/null; do
    sleep "${RELOAD_EVERY:-30}" & wait $! || true
    kill -0 "$load" 2>/dev/null || break
    elapsed=$((SECONDS - started))
    if [ -z "$restarted" ] && [ "$elapsed" -ge $((seconds / 2)) ]; then
        echo "  $elapsed s: Redis restarts (shutdown with a save, 5 s down)"
        before=$(redis-cli -p "$redis_port" info server | awk -F: '/^process_id/ {print $2}' | tr -d '\r')
        redis-cli -p "$redis_port" shutdown save >/dev/null
        sleep 5
        start_redis
        after=$(redis-cli -p "$redis_port" info server | awk -F: '/^process_id/ {print $2}' | tr -d '\r')
        [ "$before" != "$after" ] || { echo "Redis did not restart" >&2; exit 1; }
        restarted=yes
    fi
    if [ "$elapsed" -lt "$seconds" ]; then
        # A rule that never fires but changes the ruleset: each reload compiles and activates a new version.
        printf 'package nextbest;\nimport io.nextbest.facts.*;\nrule "Soak reload marker %s"\n    agenda-group "triggers"\nwhen\n    Event( type == "never-sent-%s" )\nthen\nend\n' \
            "$elapsed" "$elapsed" > "$rules/soak-marker.drl"
        status=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "X-API-Key: $key" "http://127.0.0.1:$port/v1/rules/reload")
        reloads=$((reloads + 1))
        [ "$status" = 200 ] || failed_reloads=$((failed_reloads + 1))
        echo "  $elapsed s: reload answered $status"
    fi
done
wait "$load" && verdict=0 || verdict=$?
echo "Reloads: $reloads ($failed_reloads failed)"
grep -c '"level":"ERROR"' "target/bench-$port.log" | xargs echo "Service errors logged:" || true
exit "$verdict"
