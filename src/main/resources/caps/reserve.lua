-- Reserve one contact against every cap that applies to it, atomically.
-- KEYS[1]: the customer's contacts (sorted set; score = time in ms; member = id US action US channel US category)
-- KEYS[2]: their index marker, there while the contacts in Redis are known to be complete (snapshot.lua)
-- ARGV: now, member, retentionMs, n, then n checks of (field, value, max, fromMs):
--   field 0 counts every contact; 2 action, 3 channel, 4 category must equal value.
--   A contact counts when fromMs < its time, also one after now: a decision for the same customer that
--   started later may have reserved first, and its contact was made all the same.
-- Returns 0 when recorded, or the 1-based index of the first check that is full.
-- A member already there is held already (a retried journey step): it moves to now, no cap is checked.
-- Returns -1, having changed nothing, when the contacts are not indexed (no marker, no contacts): Redis lost
-- them, so they are rebuilt from the decision records (rebuild.lua) before anything is reserved.
-- With KEYS[3], the customer's state stamp, and two more ARGV (a new stamp, its time to live in ms), the
-- stamp is replaced too, whatever the answer but -1, and the answer is { refused, the stamp replaced or nil }.
local key = KEYS[1]
local marker = KEYS[2]
local now = tonumber(ARGV[1])
local member = ARGV[2]
local retention = tonumber(ARGV[3])
local n = tonumber(ARGV[4])

local replaced = false
local function answer(refused)
  if #KEYS == 3 then return { refused, replaced } end
  return refused
end

if redis.call('EXISTS', marker) == 0 then
  local ttl = redis.call('PTTL', key)
  if ttl == -2 then return answer(-1) end
  -- Contacts kept by a version without markers: complete as they are.
  if ttl > 0 then redis.call('SET', marker, '1', 'PX', ttl) else redis.call('SET', marker, '1') end
end

if #KEYS == 3 then
  replaced = redis.call('SET', KEYS[3], ARGV[5 + n * 4], 'PX', ARGV[6 + n * 4], 'GET')
end

if redis.call('ZSCORE', key, member) then
  redis.call('ZADD', key, now, member)
  return answer(0)
end

local checks = {}
local earliest = now
for i = 0, n - 1 do
  local base = 5 + i * 4
  local check = { field = tonumber(ARGV[base]), value = ARGV[base + 1], max = tonumber(ARGV[base + 2]),
                  from = tonumber(ARGV[base + 3]), count = 0 }
  checks[#checks + 1] = check
  if check.from < earliest then earliest = check.from end
end

if n > 0 then
  local existing = redis.call('ZRANGE', key, '(' .. earliest, '+inf', 'BYSCORE', 'WITHSCORES')
  for j = 1, #existing, 2 do
    local at = tonumber(existing[j + 1])
    local fields = {}
    for part in string.gmatch(existing[j] .. '\31', '([^\31]*)\31') do fields[#fields + 1] = part end
    for _, check in ipairs(checks) do
      if at > check.from and (check.field == 0 or fields[check.field] == check.value) then
        check.count = check.count + 1
      end
    end
  end
  for i, check in ipairs(checks) do
    if check.count >= check.max then return answer(i) end
  end
end

redis.call('ZADD', key, now, member)
redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. (now - retention))
redis.call('PEXPIRE', key, retention)
redis.call('SET', marker, '1', 'PX', retention)
return answer(0)
