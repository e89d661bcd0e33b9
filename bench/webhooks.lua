-- wrk script of the webhook benchmark (bench/run): each wrk thread sends its own share of the pre-signed requests that
-- SignedWebhookFile wrote (line i goes to thread i mod threads), each line once; when a thread runs out it starts its
-- share again, which the hub answers "duplicate" (bench/run writes more lines than a run needs).
local threads = {}
local counter = 0

function setup(thread)
  thread:set("index", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local file = args[1]
  local total = tonumber(args[2])
  requests = {}
  local n = 0
  for line in io.lines(file) do
    if n % total == index then
      local body, id, timestamp, signature = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)$")
      table.insert(requests, wrk.format("POST", "/webhooks/billing", {
        ["Content-Type"] = "application/json",
        ["webhook-id"] = id,
        ["webhook-timestamp"] = timestamp,
        ["webhook-signature"] = signature,
      }, body))
    end
    n = n + 1
  end
  next_request = 1
end

function request()
  local r = requests[next_request]
  next_request = next_request % #requests + 1
  return r
end

function done(summary, latency, requests)
  local non200 = summary.errors.status
  io.write(string.format("WRK requests=%d seconds=%.2f rate=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    non200, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
