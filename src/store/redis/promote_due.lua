local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
for _, reply in ipairs(due) do
  redis.call('XADD', KEYS[2], '*', ARGV[3], reply)
  redis.call('ZREM', KEYS[1], reply)
end
return #due
