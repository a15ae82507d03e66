# Sourced by the HTTP benchmarks: starts the packaged service in the production profile on loopback
# (port $port, API key $key) on the local PostgreSQL ("test" database) and Redis, stops it when the
# script exits, and creates the benchmark customers bench-0 … bench-N-1 afresh (erasing earlier runs' history). Needs wrk (apt-get install wrk).
command -v wrk >/dev/null || { echo "Install wrk (apt-get install wrk)" >&2; exit 1; }
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
source bench/compile.sh

start_service() { # [extra JVM options...]
    PGDATABASE=${PGDATABASE:-test} PGUSER=${PGUSER:-postgres} \
    NEXTBEST_SECURITY_API_KEYS="bench:admin+decide:$(printf %s "$key" | sha256sum | cut -d' ' -f1)" \
    java "$@" -Dquarkus.profile=prod -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" \
        -jar target/quarkus-app/quarkus-run.jar > "target/bench-$port.log" 2>&1 &
    app=$!
    trap 'kill $app 2>/dev/null; wait $app 2>/dev/null || true' EXIT
    for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/q/health/ready" >/dev/null && break; sleep 1; done
}

create_customers() { # count
    python3 - "$port" "$key" "$1" <<'PY'
import http.client, json, sys
port, key, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
for i in range(count):
    # Erased first, so every run starts from customers without history or contacts.
    connection.request("DELETE", "/v1/customers/bench-%d" % i, headers={"X-API-Key": key})
    connection.getresponse().read()
    body = json.dumps({"timezone": "Europe/Paris", "segment": "consumer" if i % 5 else "enterprise",
                       "consents": {"email": True, "sms": i % 2 == 0, "push": True, "ads": True}})
    connection.request("PUT", "/v1/customers/bench-%d" % i, body, {"Content-Type": "application/json", "X-API-Key": key})
    connection.getresponse().read()
PY
}
