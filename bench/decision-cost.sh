#!/usr/bin/env bash
# Per-decision cost of the full path with PostgreSQL and Redis: starts the packaged service on loopback
# (test profile: local PostgreSQL database "test" and Redis, as the tests use them), sends 2 x COUNT
# sequential decisions, stops it. Usage: bench/decision-cost.sh [COUNT, default 2000]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
port=18199
java -Dquarkus.profile=test -Dquarkus.flyway.clean-at-start=false -Dquarkus.http.host=127.0.0.1 \
    -Dquarkus.http.port=$port -jar target/quarkus-app/quarkus-run.jar > target/decision-cost.log 2>&1 &
app=$!
trap 'kill $app 2>/dev/null; wait $app 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/q/health/ready" >/dev/null && break; sleep 1; done
python3 bench/decision-cost.py $port "${1:-2000}"
