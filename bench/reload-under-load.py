"""Decisions keep answering while the rules are reloaded 20 times, half of them broken.
Loopback only; bounded: 4 client threads for as long as the 20 reloads take.
Usage: reload-under-load.py PORT RULES_DIR"""
import http.client
import json
import os
import sys
import threading
import time

PORT = int(sys.argv[1])
RULES = sys.argv[2]
# The test profile's keys: a website's (decide) and an operator's (admin).
DECIDE = {"Content-Type": "application/json", "X-API-Key": "test-decide-key"}
ADMIN = {"X-API-Key": "test-admin-key"}
stop = threading.Event()
results = {"ok": 0, "failed": 0, "latencies": [], "versions": set()}
lock = threading.Lock()


def client(worker):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    n = 0
    while not stop.is_set():
        n += 1
        body = json.dumps({"customerId": "reload-%d-%d" % (worker, n), "dryRun": True,
                           "at": "2026-11-23T10:15:00+01:00", "events": [{"type": "signed_up"}]})
        started = time.perf_counter()
        try:
            connection.request("POST", "/v1/decisions", body, DECIDE)
            answer = connection.getresponse()
            payload = json.loads(answer.read())
            ok = answer.status == 200
        except Exception:
            ok, payload = False, {}
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
        with lock:
            results["ok" if ok else "failed"] += 1
            results["latencies"].append((time.perf_counter() - started) * 1e3)
            if ok:
                results["versions"].add(payload["rulesetVersion"])


def reload(connection):
    started = time.perf_counter()
    connection.request("POST", "/v1/rules/reload", headers=ADMIN)
    answer = connection.getresponse()
    answer.read()
    return answer.status, (time.perf_counter() - started) * 1e3


threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(4)]
for thread in threads:
    thread.start()
time.sleep(2)
admin = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
good, broken = [], []
extra = os.path.join(RULES, "reload-bench.drl")
for i in range(20):
    if i % 2 == 0:
        with open(extra, "w") as f:
            f.write('package nextbest;\nimport io.nextbest.facts.*;\n// reload %d\n' % i)
        status, ms = reload(admin)
        good.append(ms)
        assert status == 200, status
    else:
        with open(extra, "w") as f:
            f.write('package nextbest;\nrule "Broken %d" when then oops( end\n' % i)
        status, ms = reload(admin)
        broken.append(ms)
        assert status == 422, status
    time.sleep(0.5)
os.remove(extra)
reload(admin)
stop.set()
for thread in threads:
    thread.join()
lat = sorted(results["latencies"])
print("decisions: %d answered, %d failed; p50 %.1f ms, p99 %.1f ms; ruleset versions seen: %d"
      % (results["ok"], results["failed"], lat[len(lat) // 2], lat[int(len(lat) * .99) - 1], len(results["versions"])))
print("reloads: 10 good, median %.0f ms; 10 broken (rejected), median %.0f ms"
      % (sorted(good)[5], sorted(broken)[5]))
sys.exit(1 if results["failed"] else 0)
