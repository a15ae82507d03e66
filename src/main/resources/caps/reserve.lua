-- Reserve one contact against every cap that applies to it, atomically.
-- KEYS[1]: the customer's contacts (sorted set; score = time in ms; member = id US action US channel US category)
-- ARGV: now, member, retentionMs, n, then n checks of (field, value, max, fromMs):
--   field 0 counts every contact; 2 action, 3 channel, 4 category must equal value.
--   A contact counts when fromMs < its time, also one after now: a decision for the same customer that
--   started later may have reserved first, and its contact was made all the same.
-- Returns 0 when recorded, or the 1-based index of the first check that is full.
-- A member already there is held already (a retried journey step): it moves to now, no cap is checked.
-- With KEYS[2], the customer's state stamp, and two more ARGV (a new stamp, its time to live in ms), the
-- stamp is replaced too, whatever the answer, and the answer is { refused, the stamp replaced or nil }.
local key = KEYS[1]
local now = tonumber(ARGV[1])
local member = ARGV[2]
local retention = tonumber(ARGV[3])
local n = tonumber(ARGV[4])

local replaced = false
if #KEYS == 2 then
  replaced = redis.call('SET', KEYS[2], ARGV[5 + n * 4], 'PX', ARGV[6 + n * 4], 'GET')
end
local function answer(refused)
  if #KEYS == 2 then return { refused, replaced } end
  return refused
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
return answer(0)
