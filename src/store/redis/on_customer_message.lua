local unanswered = redis.call('HINCRBY', KEYS[1], 'unanswered', 1)
if unanswered >= tonumber(ARGV[3]) and redis.call('HGET', KEYS[1], 'priority') ~= 'low' then
  redis.call('HSET', KEYS[1], 'priority', 'high')
  if redis.call('ZSCORE', KEYS[2], ARGV[1]) then
    redis.call('ZADD', KEYS[2], 'LT', ARGV[2], ARGV[1])
  end
end
local status = redis.call('HGET', KEYS[1], 'status')
local held = redis.call('HEXISTS', KEYS[1], 'assignee') == 1
if not status then
  redis.call('HSET', KEYS[1], 'status', 'new')
elseif status == 'resolved' then
  redis.call('HSET', KEYS[1], 'status', 'new')
  redis.call('HDEL', KEYS[1], 'assignee')
elseif status == 'waiting_on_customer' then
  redis.call('HSET', KEYS[1], 'status', held and 'assigned' or 'new')
end
return 1
