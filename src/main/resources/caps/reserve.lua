-- Reserve a decision's contacts, each against every cap that applies to it, atomically: each in turn, counted
-- with the ones before it that were recorded.
-- KEYS[1]: the customer's contacts (sorted set; score = time in ms; member = id US action US channel US category)
-- KEYS[2]: their index marker, there while the contacts in Redis are known to be complete (snapshot.lua)
-- KEYS[3], optional: the customer's state stamp, replaced whatever the answers (a decision that stored events)
-- ARGV: retentionMs, k, then k contacts of (time in ms, member, n, then n checks of (field, value, max, fromMs)),
--   then with KEYS[3]: the new stamp and its time to live in ms.
--   field 0 counts every contact; 2 action, 3 channel, 4 category must equal value.
--   A contact counts when fromMs < its time, also one after now: a decision for the same customer that
--   started later may have reserved first, and its contact was made all the same.
-- Returns { 1, the stamp replaced or nil, then for each contact 0 when recorded or the 1-based index of its
-- first check that is full }.
-- A member already there is held already (a retried journey step): it moves to now, no cap is checked.
-- Returns { -1 }, having changed nothing, when the contacts are not indexed (no marker, no contacts): Redis lost
-- them, so they are rebuilt from the decision records (rebuild.lua) before anything is reserved.
local key = KEYS[1]
local marker = KEYS[2]
local retention = tonumber(ARGV[1])
local k = tonumber(ARGV[2])

if redis.call('EXISTS', marker) == 0 then
  local ttl = redis.call('PTTL', key)
  if ttl == -2 then return { -1 } end
  -- Contacts kept by a version without markers: complete as they are.
  if ttl > 0 then redis.call('SET', marker, '1', 'PX', ttl) else redis.call('SET', marker, '1') end
end

local contacts = {}
local at = 3
for c = 1, k do
  local contact = { now = tonumber(ARGV[at]), member = ARGV[at + 1], checks = {} }
  local n = tonumber(ARGV[at + 2])
  at = at + 3
  for i = 1, n do
    contact.checks[i] = { field = tonumber(ARGV[at]), value = ARGV[at + 1], max = tonumber(ARGV[at + 2]),
                          from = tonumber(ARGV[at + 3]) }
    at = at + 4
  end
  contacts[c] = contact
end

local replaced = false
if #KEYS == 3 then
  replaced = redis.call('SET', KEYS[3], ARGV[at], 'PX', ARGV[at + 1], 'GET')
end

-- The 1-based index of the first full check of a contact made at now, or 0.
local function full(now, checks)
  if #checks == 0 then return 0 end
  local earliest = now
  for _, check in ipairs(checks) do
    check.count = 0
    if check.from < earliest then earliest = check.from end
  end
  local existing = redis.call('ZRANGE', key, '(' .. earliest, '+inf', 'BYSCORE', 'WITHSCORES')
  for j = 1, #existing, 2 do
    local time = tonumber(existing[j + 1])
    local fields = {}
    for part in string.gmatch(existing[j] .. '\31', '([^\31]*)\31') do fields[#fields + 1] = part end
    for _, check in ipairs(checks) do
      if time > check.from and (check.field == 0 or fields[check.field] == check.value) then
        check.count = check.count + 1
      end
    end
  end
  for i, check in ipairs(checks) do
    if check.count >= check.max then return i end
  end
  return 0
end

local answer = { 1, replaced }
local latest = nil -- the time of the latest contact recorded
for _, contact in ipairs(contacts) do
  local refused = 0
  if redis.call('ZSCORE', key, contact.member) then
    redis.call('ZADD', key, contact.now, contact.member)
  else
    refused = full(contact.now, contact.checks)
    if refused == 0 then
      redis.call('ZADD', key, contact.now, contact.member)
      if latest == nil or contact.now > latest then latest = contact.now end
    end
  end
  answer[#answer + 1] = refused
end

if latest ~= nil then
  redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. (latest - retention))
  redis.call('PEXPIRE', key, retention)
  redis.call('SET', marker, '1', 'PX', retention)
end
return answer
