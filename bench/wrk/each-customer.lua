-- wrk: one decision for each benchmark customer in turn (bench-F … bench-(F+N-1), F = FIRST or 0,
-- N = CUSTOMERS or 1000), threads taking turns, then round again: brings every customer into the cache.
local customers = tonumber(os.getenv("CUSTOMERS") or "1000")
local first = tonumber(os.getenv("FIRST") or "0")
local threads = 0
function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
  thread:set("step", 2)
end
local sent = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-API-Key"] = "bench-key"
request = function()
  local i = (offset + sent * step) % customers
  sent = sent + 1
  local body = '{"customerId": "bench-' .. (first + i) .. '", "channel": "web", "events": [{"type": "page_viewed", "attributes": {"page": "/"}}]}'
  return wrk.format(nil, "/v1/decisions", nil, body)
end
