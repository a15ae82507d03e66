#!/usr/bin/env bash
# Single-thread rule-evaluation rate of the rules folder on realistic decisions (no HTTP, no I/O).
# Usage: bench/rule-evaluation.sh [seconds per scenario, default 5] [rules folder, default rules]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=runtime
classpath="target/classes:$(cat target/bench-classpath.txt)"
mkdir -p target/bench-classes
javac -d target/bench-classes -cp "$classpath" $(find bench/java -name '*.java')
# The benchmark sets the root log level to INFO itself: at ALL, Drools formats trace messages on the hot path.
exec java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Xmx1g \
    -cp "target/bench-classes:$classpath" io.nextbest.bench.RuleEvaluationBench "${1:-5}" "${2:-rules}"
