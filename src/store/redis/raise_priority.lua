-- Conversation::on_event's priority: only ever raised; a conversation that does not exist
-- yet starts at the lowest (Conversation::opened). No field means normal.
local rank = {low = 0, normal = 1, high = 2}
local current = redis.call('HGET', KEYS[1], 'priority')
if not current then
  if redis.call('EXISTS', KEYS[1]) == 1 then current = 'normal' else current = 'low' end
end
local wanted = ARGV[1]
if rank[wanted] > rank[current] then current = wanted end
if current == 'normal' then
  redis.call('HDEL', KEYS[1], 'priority')
else
  redis.call('HSET', KEYS[1], 'priority', current)
end
return 1
