#!/usr/bin/env bash
# Ruleset compile ("reload") time and heap: the sample ruleset, and the sample plus generated trigger rules.
# Usage: bench/reload.sh [generated rule counts, default: 0 1000]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/compile.sh
exec java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Xmx2g \
    -cp "target/bench-classes:$classpath" io.nextbest.bench.ReloadBench "$@"
