if redis.call('HEXISTS', KEYS[1], 'assignee') == 0 then
  redis.call('HSET', KEYS[1], 'assignee', ARGV[1])
end
redis.call('HSET', KEYS[1], 'unanswered', 0, 'status', 'waiting_on_customer')
return 1
