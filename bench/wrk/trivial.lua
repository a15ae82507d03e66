-- wrk: GET /v1/clock, the trivial endpoint of the same service (JSON, API key, no I/O): the ceiling.
wrk.headers["X-API-Key"] = "bench-key"
