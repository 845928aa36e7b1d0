-- wrk script: POSTs pre-signed Messenger deliveries from $BODIES (made by make_bodies.py),
-- each thread walking its own slice so message ids do not repeat across threads.
local threads = {}
local bodies_file = os.getenv("BODIES") or "/tmp/frontdesk-bodies.txt"

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  sigs, bodies = {}, {}
  local nthreads = tonumber(os.getenv("WRK_THREADS") or "2")
  local n = 0
  for line in io.lines(bodies_file) do
    if n % nthreads == id then
      local tab = line:find("\t", 1, true)
      table.insert(sigs, line:sub(1, tab - 1))
      table.insert(bodies, line:sub(tab + 1))
    end
    n = n + 1
  end
  i = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  i = i % #bodies + 1
  wrk.headers["X-Hub-Signature-256"] = sigs[i]
  return wrk.format(nil, nil, nil, bodies[i])
end

function done(summary, latency, requests)
  io.write(string.format("non-2xx or errors: %d\n",
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
