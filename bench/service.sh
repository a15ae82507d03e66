# Sourced by the HTTP benchmarks: starts the packaged service in the production profile on loopback
# (port $port, API key $key) on the local PostgreSQL ("test" database) and Redis, stops it when the
# script exits, and creates the benchmark customers bench-0 … bench-N-1 afresh (erasing earlier runs' history).
# A script that drives wrk sets needs_wrk=yes before sourcing this, to fail before compiling when it is missing.
# With $decide_key set, the service also takes that key with the decide permission alone (an outside caller's).
[ -z "${needs_wrk:-}" ] || command -v wrk >/dev/null || { echo "Install wrk (apt-get install wrk)" >&2; exit 1; }
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
source bench/compile.sh

# The customer cache holds every benchmark customer (20,000, each with 20 to 50 stored events by the end of a
# run): the default 500,000 events would evict the measured ones, and the targets are for cached customers.
# As in docker/Dockerfile: rule builds run at the lowest OS priority (io.nextbest.rules.RuleBuilds).
build_priority="-XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=19 -XX:CompilerThreadPriority=0"
services=()
start_service() { # [extra JVM options...]; the GC as in docker/Dockerfile unless BENCH_GC says otherwise; NICE: its OS priority;
    # BENCH_JVM: more JVM options from the caller (e.g. -XX:StartFlightRecording=delay=330s,duration=20s,filename=run.jfr)
    # With NICE set, every thread inherits it: the priority options would set the JVM's threads back to nice 0.
    local priority=$build_priority
    [ -z "${NICE:-}" ] || priority=
    local keys="bench:admin+decide:$(printf %s "$key" | sha256sum | cut -d' ' -f1)"
    [ -z "${decide_key:-}" ] || keys+=",bench-decide:decide:$(printf %s "$decide_key" | sha256sum | cut -d' ' -f1)"
    # One caller measuring what the replica can do: its key's share of the replica (500 a second) is lifted,
    # unless an attacker's key is in the run (bench/attacks.sh), whose share is what is measured.
    local rate=1000000
    [ -z "${decide_key:-}" ] || rate=500
    NEXTBEST_HTTP_MAX_RATE_PER_KEY=${NEXTBEST_HTTP_MAX_RATE_PER_KEY:-$rate} \
    PGDATABASE=${PGDATABASE:-test} PGUSER=${PGUSER:-postgres} \
    NEXTBEST_CUSTOMER_CACHE_MAX_EVENTS=${NEXTBEST_CUSTOMER_CACHE_MAX_EVENTS:-2000000} \
    NEXTBEST_SECURITY_API_KEYS="$keys" \
    nice -n "${NICE:-0}" java "${BENCH_GC:--XX:+UseShenandoahGC}" $priority ${BENCH_JVM:-} "$@" -Dquarkus.profile=prod -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" \
        -jar target/quarkus-app/quarkus-run.jar > "target/bench-$port.log" 2>&1 &
    app=$!
    services+=("$app")
    trap 'kill "${services[@]}" 2>/dev/null; wait "${services[@]}" 2>/dev/null || true' EXIT
    for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/q/health/ready" >/dev/null && break; sleep 1; done
}

create_customers() { # count [first, default 0] [history events each, default 0]: bench-first … bench-(first+count-1)
    python3 - "$port" "$key" "$1" "${2:-0}" "${3:-0}" <<'PY'
import concurrent.futures, datetime, http.client, json, random, sys, threading, time
port, key, count, first, history = (int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]),
                                    int(sys.argv[5]))
local = threading.local()
def send(method, path, body=None):
    # One kept-alive connection per thread of in_parallel.
    if not hasattr(local, "connection"):
        local.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"X-API-Key": key, "Content-Type": "application/json"}
    while True:
        local.connection.request(method, path, None if body is None else json.dumps(body), headers)
        answer = local.connection.getresponse()
        answer.read()
        if answer.status != 429:
            break
        # The key's share of the replica: erasing customers that do not exist yet (404s, client errors) takes ten
        # requests' worth of its rate each. The service closed the connection; wait as told and send again.
        local.connection.close()
        time.sleep(int(answer.getheader("Retry-After", "1")))
    if answer.status >= 300 and method != "DELETE":
        raise SystemExit("%s %s answered %d" % (method, path, answer.status))
def in_parallel(work, items):
    # Four requests at once: set-up of 20,000 customers and 200,000 events in 2.6 minutes instead of 3.8.
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        list(pool.map(work, items))  # re-raises a failed request's SystemExit here
def create(i):
    # Erased first, so every run starts from customers without history or contacts.
    send("DELETE", "/v1/customers/bench-%d" % i)
    send("PUT", "/v1/customers/bench-%d" % i, {"timezone": "Europe/Paris",
         "segment": "consumer" if i % 5 else "enterprise",
         "consents": {"email": True, "sms": i % 2 == 0, "push": True, "ads": True}})
in_parallel(create, range(first, first + count))
# Then a month of browsing each, in batches of 1,000 events: the history an active customer brings to
# a decision.
now = datetime.datetime.now(datetime.timezone.utc)
types = ["page_viewed", "page_viewed", "product_viewed", "product_viewed", "products_compared", "purchase"]
events = [{"id": "bench-%d-history-%d" % (i, n), "customerId": "bench-%d" % i, "type": random.choice(types),
           "occurredAt": (now - datetime.timedelta(minutes=random.randint(60, 29 * 24 * 60))).isoformat(),
           "channel": "web"}
          for i in range(first, first + count) for n in range(history)]
in_parallel(lambda start: send("POST", "/v1/events", {"events": events[start:start + 1000]}),
            range(0, len(events), 1000))
PY
    # Erasing the last run's customers leaves their rows dead: vacuumed, so that every run starts from tables of
    # the same size (a dozen runs without it left 1.4 million dead records and halved the throughput).
    if command -v psql > /dev/null; then
        psql -h "${PGHOST:-127.0.0.1}" -U "${PGUSER:-postgres}" -d "${PGDATABASE:-test}" -qc "vacuum analyze" || true
    fi
}
