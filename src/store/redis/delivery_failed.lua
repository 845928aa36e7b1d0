if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('SADD', KEYS[3], ARGV[3])
local status = redis.call('HGET', KEYS[1], 'status')
local held = redis.call('HEXISTS', KEYS[1], 'assignee') == 1
if status == 'resolved' then
  redis.call('HSET', KEYS[1], 'status', 'new')
  redis.call('HDEL', KEYS[1], 'assignee')
elseif status == 'waiting_on_customer' then
  redis.call('HSET', KEYS[1], 'status', held and 'assigned' or 'new')
end
redis.call('ZADD', KEYS[2], 'LT', ARGV[2], ARGV[1])
return 1
