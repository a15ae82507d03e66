#!/usr/bin/env bash
# JMH: decisions per second per thread of the rule core (no I/O) for the sample ruleset and generated
# rulesets of 100, 1,000 and 5,000 triggers, with 5, 20 and 50 facts per decision. Bounded: one fork,
# 2 x 3 s warm-up and 3 x 3 s measurement per case (about 10 minutes for all cases; -e Session leaves out
# the two session controls).
# Usage: [WARMUPS=2] [ITERATIONS=3] bench/rule-core.sh [extra JMH options, e.g. -p rules=1000 -p facts=20 -prof stack]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/compile.sh
exec java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "target/bench-classes:$classpath" \
    org.openjdk.jmh.Main RuleCoreBenchmark -f 1 -w 3s -r 3s -t 1 -wi "${WARMUPS:-2}" -i "${ITERATIONS:-3}" "$@"
