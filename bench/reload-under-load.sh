#!/usr/bin/env bash
# 20 reloads (10 good, 10 broken) while 4 clients keep deciding: every decision must answer.
# Starts the packaged service on loopback (test profile: local PostgreSQL and Redis) with its own copy of
# the rules, and stops it afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
rules=target/reload-bench-rules
rm -rf "$rules" && cp -r rules "$rules"
port=18198
java -Dquarkus.profile=test -Dquarkus.flyway.clean-at-start=false -Dquarkus.http.host=127.0.0.1 \
    -Dquarkus.http.port=$port -Dnextbest.rules.dir="$rules" -Dnextbest.rules.watch-interval=off \
    -jar target/quarkus-app/quarkus-run.jar > target/reload-under-load.log 2>&1 &
app=$!
trap 'kill $app 2>/dev/null; wait $app 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/q/health/ready" >/dev/null && break; sleep 1; done
python3 bench/reload-under-load.py $port "$rules"
