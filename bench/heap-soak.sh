#!/usr/bin/env bash
# Heap of the packaged service across a million full decisions (events stored, caps reserved, records
# written), on loopback: after every slice of SLICE_SECONDS (60) of closed-loop decisions a full GC is
# forced and the live heap is printed, so growth from sessions, facts, cached customers or queues shows
# as a rising column. 10,000 customers, so the customer cache fills to its bound and evicts. Bounded:
# it stops at TOTAL decisions or after MAX_MINUTES (40), whichever comes first.
# Usage: [SLICE_SECONDS=60] [MAX_MINUTES=40] bench/heap-soak.sh [TOTAL, default 1000000]
set -euo pipefail
cd "$(dirname "$0")/.."
total=${1:-1000000}
port=18297
key=bench-key
export CUSTOMERS=10000
needs_wrk=yes
source bench/service.sh
start_service -Xmx1g
create_customers "$CUSTOMERS"

live_heap_mb() {
    jcmd "$app" GC.run > /dev/null
    sleep 2
    jcmd "$app" GC.heap_info | grep -o 'used [0-9]*K' | head -1 | awk '{print int($2 / 1024)}'
}
echo "decisions  live heap after full GC (MB)  non-2xx answers"
echo "0  $(live_heap_mb)  0"
done=0
deadline=$((SECONDS + ${MAX_MINUTES:-40} * 60))
while [ "$done" -lt "$total" ] && [ "$SECONDS" -lt "$deadline" ]; do
    # Closed loop for a slice of time, then a full GC and a look at what is still alive.
    out=$(wrk -t2 -c32 -d"${SLICE_SECONDS:-60}s" -s bench/wrk/decision.lua "http://127.0.0.1:$port")
    done=$((done + $(echo "$out" | awk '/requests in/ {print $1}')))
    failed=$(echo "$out" | awk '/Non-2xx/ {print $5}')
    echo "$done  $(live_heap_mb)  ${failed:-0}"
done
grep -c '"level":"ERROR"' "target/bench-$port.log" | xargs echo "Service errors logged:"
