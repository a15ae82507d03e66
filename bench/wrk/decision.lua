-- wrk: POST /v1/decisions for random benchmark customers (bench-0 … bench-N-1, N = CUSTOMERS or 1000), like DecisionBodies.java.
local events = {
  '{"type": "page_viewed", "attributes": {"page": "/pricing"}}',
  '{"type": "product_viewed", "attributes": {"sku": "A-1"}}',
  '{"type": "products_compared"}, {"type": "cart_abandoned", "attributes": {"value": 120}}',
  '{"type": "signed_up"}',
  '{"type": "purchase", "attributes": {"value": 80}}',
  '{"type": "whitepaper_downloaded", "attributes": {"scrollDepth": 80}}',
}
local customers = tonumber(os.getenv("CUSTOMERS") or "1000")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-API-Key"] = "bench-key"
request = function()
  local body = '{"customerId": "bench-' .. math.random(0, customers - 1) .. '", "channel": "web", "events": ['
      .. events[math.random(#events)] .. ']}'
  return wrk.format(nil, "/v1/decisions", nil, body)
end
