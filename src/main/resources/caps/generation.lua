-- The generation of this Redis's data: a value set once and kept, so a Redis that lost its data (restarted
-- empty, flushed, a replica promoted without it) shows a new one. KEYS[1]: the generation key; ARGV[1]: a new
-- value, set when there is none. Returns the generation in force.
local generation = redis.call('GET', KEYS[1])
if generation then return generation end
redis.call('SET', KEYS[1], ARGV[1])
return ARGV[1]
