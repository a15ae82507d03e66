-- Read a customer's contacts and the stamp of their stored state, in one round trip.
-- KEYS[1]: the customer's contacts (sorted set, as in reserve.lua); KEYS[2]: the customer's state stamp
-- ARGV: fromMs (exclusive), toMs (inclusive), a fresh stamp, the stamp's time to live in ms
-- A customer without a stamp gets the fresh one, so a stamp that was lost (flush, expiry) never comes back
-- as an old value a cache could still hold. Returns { stamp, { member, score, member, score, ... } }.
local stamp = redis.call('GET', KEYS[2])
if not stamp then
  stamp = ARGV[3]
  redis.call('SET', KEYS[2], stamp, 'PX', ARGV[4])
end
return { stamp, redis.call('ZRANGE', KEYS[1], '(' .. ARGV[1], ARGV[2], 'BYSCORE', 'WITHSCORES') }
