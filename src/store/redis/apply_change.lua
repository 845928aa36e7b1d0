local status = redis.call('HGET', KEYS[1], 'status')
if not status then return {'missing'} end
local holder = redis.call('HGET', KEYS[1], 'assignee')
local change = ARGV[1]
if change == 'claim' or change == 'assign' then
  if status == 'resolved' then return {'resolved'} end
  if change == 'claim' and holder and holder ~= ARGV[2] then return {'held', holder} end
  redis.call('HSET', KEYS[1], 'assignee', ARGV[2], 'status', 'assigned')
elseif change == 'release' then
  redis.call('HDEL', KEYS[1], 'assignee')
  if status ~= 'resolved' then redis.call('HSET', KEYS[1], 'status', 'new') end
elseif change == 'resolve' then
  redis.call('HDEL', KEYS[1], 'assignee')
  redis.call('HSET', KEYS[1], 'status', 'resolved', 'unanswered', 0, 'resolved_at', ARGV[3])
  redis.call('ZREM', KEYS[2], ARGV[4])
  redis.call('ZADD', KEYS[3], ARGV[5], ARGV[4])
elseif change == 'reopen' then
  redis.call('HSET', KEYS[1], 'status', 'new')
  redis.call('ZADD', KEYS[2], ARGV[5], ARGV[4])
end
redis.call('HSET', KEYS[1], 'updated_at', ARGV[3])
return {'done'}
