-- Removes a resolved conversation that has stayed quiet, unless it changed since it was read.
-- KEYS: conversation hash, its messages, labels, notes, links, page queue, page recent,
-- page resolved index. ARGV: queue member, the updated_at read. The linked contacts' own
-- sets are cleaned by the caller (on a cluster they may live in other slots).
-- Returns {removed 0/1, messages, notes, links, queue entries}.
if redis.call('HGET', KEYS[1], 'status') ~= 'resolved'
  or redis.call('HGET', KEYS[1], 'updated_at') ~= ARGV[2] then
  return {0, 0, 0, 0, 0}
end
local messages = redis.call('HLEN', KEYS[2])
local notes = redis.call('LLEN', KEYS[4])
local linked = redis.call('SCARD', KEYS[5])
local queued = redis.call('ZREM', KEYS[6], ARGV[1])
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5])
redis.call('ZREM', KEYS[7], ARGV[1])
redis.call('ZREM', KEYS[8], ARGV[1])
return {1, messages, notes, linked, queued}
