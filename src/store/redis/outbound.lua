if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if ARGV[1] ~= '' then
  if redis.call('HEXISTS', KEYS[1], 'assignee') == 0 then
    redis.call('HSET', KEYS[1], 'assignee', ARGV[1])
  end
  redis.call('HSET', KEYS[1], 'unanswered', 0, 'status', 'waiting_on_customer')
end
redis.call('HSET', KEYS[1], 'updated_at', ARGV[2])
redis.call('HSET', KEYS[2], ARGV[3], ARGV[4])
redis.call('XADD', KEYS[3], '*', ARGV[5], ARGV[6])
return 1
