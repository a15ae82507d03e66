"""Per-decision cost through HTTP, one client on loopback, sequential: dry runs (reads only) against full
decisions (events stored, contacts reserved in Redis, record queued). Prints server-side (tookMicros) and
client-side percentiles. Usage: decision-cost.py PORT [COUNT]"""
import http.client
import json
import sys
import time
import uuid

PORT = int(sys.argv[1])
COUNT = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
# The test profile's decision key (a website's key: the decide role only).
HEADERS = {"Content-Type": "application/json", "X-API-Key": "test-decide-key"}


def percentile(values, p):
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * p) - 1)]


def run(count, dry_run):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    server, client = [], []
    for _ in range(count):
        request = {"customerId": "bench-%s" % uuid.uuid4(), "channel": "web", "dryRun": dry_run,
                   "events": [{"type": "page_viewed", "attributes": {"page": "pricing"}}, {"type": "signed_up"}]}
        if dry_run:
            # A real decision takes the service's clock (an "at" more than 2 minutes off is refused).
            request["at"] = "2026-11-23T10:15:00+01:00"
        body = json.dumps(request)
        started = time.perf_counter()
        connection.request("POST", "/v1/decisions", body, HEADERS)
        answer = connection.getresponse()
        decision = json.loads(answer.read())
        if answer.status != 200:
            raise SystemExit("HTTP %d: %s" % (answer.status, decision))
        client.append((time.perf_counter() - started) * 1e3)
        server.append(decision["tookMicros"] / 1e3)
    return "server p50 %.2f ms p99 %.2f ms | client p50 %.2f ms p99 %.2f ms" % (
        percentile(server, .5), percentile(server, .99), percentile(client, .5), percentile(client, .99))


run(COUNT, True)   # warm-up
run(COUNT, False)
print("dry run (reads only)            :", run(COUNT, True))
print("full (events stored, reserved)  :", run(COUNT, False))
