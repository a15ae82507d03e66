-- Read a customer's contacts (and the stamp of their stored state) in one round trip.
-- KEYS[1]: the customer's contacts (sorted set, as in reserve.lua); KEYS[2]: their index marker, there while the
-- contacts in Redis are known to be complete; KEYS[3], optional: their state stamp
-- ARGV: fromMs (exclusive), toMs (inclusive); with KEYS[3], a fresh stamp and the stamp's time to live in ms
-- Without a marker the contacts are not indexed (Redis lost them, or they expired with the customer idle): the
-- answer is { 0 } and nothing changes; they are rebuilt from the decision records (rebuild.lua) and read again.
-- Contacts kept by a version without markers are complete: they get a marker expiring with them (answer 2).
-- A customer without a stamp gets the fresh one, so a stamp that was lost (flush, expiry) never comes back
-- as an old value a cache could still hold. Returns { 1 or 2, stamp or nil, { member, score, member, score, ... } }.
local indexed = 1
if redis.call('EXISTS', KEYS[2]) == 0 then
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl == -2 then return { 0 } end
  if ttl > 0 then redis.call('SET', KEYS[2], '1', 'PX', ttl) else redis.call('SET', KEYS[2], '1') end
  indexed = 2
end
local stamp = false
if #KEYS == 3 then
  stamp = redis.call('GET', KEYS[3])
  if not stamp then
    stamp = ARGV[3]
    redis.call('SET', KEYS[3], stamp, 'PX', ARGV[4])
  end
end
return { indexed, stamp, redis.call('ZRANGE', KEYS[1], '(' .. ARGV[1], ARGV[2], 'BYSCORE', 'WITHSCORES') }
