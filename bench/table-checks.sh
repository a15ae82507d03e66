#!/usr/bin/env bash
# How a build's time grows with the size of a decision table: the sample rules plus a generated table of
# ROWS rows (each an event type, a segment, a band of lifetime value and an action), stage by stage: the
# table as DRL, Drools' compile of that DRL alone, the service's compile (table checks, Drools, lint), the
# scenario run, and a whole validation. BANDS rows share an event and a segment (the rows compared with
# each other); BANDS=ROWS puts every row in one group, the checks' worst case. Each stage stops being
# waited for after LIMIT seconds (default 120), and larger tables are then skipped.
# Usage: [LIMIT=120] [BANDS=100] bench/table-checks.sh [ROWS..., default: 1000 2000 10000]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/compile.sh
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 2000 10000)
exec java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Xmx3g \
    -cp "target/bench-classes:$classpath" io.nextbest.bench.TableChecksBench "${LIMIT:-120}" "${BANDS:-100}" "${sizes[@]}"
