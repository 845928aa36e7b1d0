local version = redis.call('INCR', KEYS[3])
if ARGV[1] == '' then
  redis.call('DEL', KEYS[1])
  redis.call('SREM', KEYS[4], ARGV[2])
else
  redis.call('SET', KEYS[1], ARGV[1])
  redis.call('SADD', KEYS[4], ARGV[2])
end
redis.call('HSET', KEYS[2], version, ARGV[3])
if ARGV[4] == '1' then
  redis.call('SADD', KEYS[5], ARGV[2])
else
  redis.call('SREM', KEYS[5], ARGV[2])
end
return version
