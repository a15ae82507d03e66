-- Rebuild a customer's contacts from their decision records, unless they are indexed already.
-- KEYS[1]: the customer's contacts (sorted set, as in reserve.lua); KEYS[2]: their index marker
-- ARGV: nowMs, retentionMs, then a score (ms) and a member for each contact on record
-- Only the call that finds the marker missing adds anything, and sets the marker with it: two replicas
-- rebuilding one customer at once never count a contact twice. Contacts kept by a version without markers are
-- complete as they are: they get a marker expiring with them, and nothing is added.
-- Returns 1 when rebuilt, 2 when existing contacts were taken as complete, 0 when already indexed.
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
local ttl = redis.call('PTTL', KEYS[1])
if ttl ~= -2 then
  if ttl > 0 then redis.call('SET', KEYS[2], '1', 'PX', ttl) else redis.call('SET', KEYS[2], '1') end
  return 2
end
local now = tonumber(ARGV[1])
local retention = tonumber(ARGV[2])
if #ARGV > 2 then
  for i = 3, #ARGV, 2 do
    redis.call('ZADD', KEYS[1], ARGV[i], ARGV[i + 1])
  end
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. (now - retention))
  redis.call('PEXPIRE', KEYS[1], retention)
end
redis.call('SET', KEYS[2], '1', 'PX', retention)
return 1
