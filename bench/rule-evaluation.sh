#!/usr/bin/env bash
# Single-thread rule-evaluation rate of the rules folder on realistic decisions (no HTTP, no I/O).
# Usage: [LOADED=1] bench/rule-evaluation.sh [seconds per scenario, default 5] [rules folder, default rules]
# LOADED=1: evaluate the ruleset loaded from its compiled packages, as a replica that loads another's build does.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/compile.sh
# The benchmark sets the root log level to INFO itself: at ALL, Drools formats trace messages on the hot path.
exec java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Xmx1g \
    -cp "target/bench-classes:$classpath" io.nextbest.bench.RuleEvaluationBench "${1:-5}" "${2:-rules}"
