-- wrk: POST /v1/decisions for random benchmark customers (bench-F … bench-(F+N-1), F = FIRST or 0, N = CUSTOMERS
-- or 1000), like DecisionBodies.java.
local events = {
  '{"type": "page_viewed", "attributes": {"page": "/pricing"}}',
  '{"type": "product_viewed", "attributes": {"sku": "A-1"}}',
  '{"type": "products_compared"}, {"type": "cart_abandoned", "attributes": {"value": 120}}',
  '{"type": "signed_up"}',
  '{"type": "purchase", "attributes": {"value": 80}}',
  '{"type": "whitepaper_downloaded", "attributes": {"scrollDepth": 80}}',
}
local customers = tonumber(os.getenv("CUSTOMERS") or "1000")
local first = tonumber(os.getenv("FIRST") or "0")
-- Each thread its own seed: LuaJIT starts every thread's generator from the same state, so unseeded
-- threads would ask for the same customers at the same moments (concurrent decisions of one customer).
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("seed", threads)
end
function init(args)
  math.randomseed(os.time() * 100 + seed)
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-API-Key"] = "bench-key"
request = function()
  local body = '{"customerId": "bench-' .. (first + math.random(0, customers - 1)) .. '", "channel": "web", "events": ['
      .. events[math.random(#events)] .. ']}'
  return wrk.format(nil, "/v1/decisions", nil, body)
end
