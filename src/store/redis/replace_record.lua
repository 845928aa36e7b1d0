local current
if ARGV[1] == '' then
  current = redis.call('GET', KEYS[1])
else
  current = redis.call('HGET', KEYS[1], ARGV[1])
end
if current ~= ARGV[2] then
  return 0
end
if ARGV[1] == '' then
  redis.call('SET', KEYS[1], ARGV[3], 'KEEPTTL')
else
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
end
return 1
