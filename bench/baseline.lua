-- wrk script for the baseline: the same bodies as mix.lua's purchases, posted to /bench/baseline.
local counter = 0
function init(args)
  wrk.headers["Content-Type"] = "application/json"
  wrk.method = "POST"
  wrk.path = "/bench/baseline"
end
function request()
  counter = counter + 1
  local items = {}
  for i = 1, math.random(1, 10) do
    items[i] = string.format('{"line_id":"%d","item_id":"Sub category 1","quantity":1,"unit_price":12.34,"subtotal":12.34}', i)
  end
  return wrk.format(nil, nil, nil, string.format('{"store_id":"store-1","client_id":"b","request_id":"b-%d-%d",' ..
    '"request_payload":{"transaction_id":"b-%d","is_closed":true,"modified_time":"2026-03-01T10:00:00.000Z","items":[%s]}}',
    os.time(), counter, counter, table.concat(items, ",")))
end
function done(summary, latency, requests)
  io.write(string.format("ACCEPTED_PER_SECOND %.0f\n", (summary.requests - (summary.errors.status or 0)) / (summary.duration / 1e6)))
  io.write(string.format("P50_MS %.2f\nP99_MS %.2f\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
