-- wrk script: POSTs /api/2.0/lock for a check of 3 lines, each request for a transaction of its own, with
-- an offer code from CODES (set by bench/locks.sh): one code every till shares, or one of many.
local counter = 0
thread_id = 0          -- a global: setup() gives each thread its own (a local would hide it)
local threads = {}
local codes = tonumber(os.getenv("CODES") or "1")
local pause = tonumber(os.getenv("DELAY_MS") or "0") -- a till's pause between two calls, in ms (0: none)

function setup(thread)
  thread:set("thread_id", #threads)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + thread_id)
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Basic ZGVtby1wb3M6ZGVtby1zZWNyZXQ=" -- demo-pos:demo-secret
end

function request()
  counter = counter + 1
  local id = string.format("lock-%d-%d-%d", thread_id, os.time(), counter)
  local code = string.format("BENCH-LOCK-%d", math.random(1, codes))
  local body = string.format(
    '{"store_id":"store-1","client_id":"bench-%d","request_id":"%s","request_payload":{' ..
    '"offer_lookup_code":"%s","offer_lookup_type":"TTLCode","transaction":{' ..
    '"transaction_id":"%s","is_closed":false,"subtotal":101.74,"modified_time":"2026-03-01T10:04:12.000Z",' ..
    '"items":[{"line_id":"1","item_id":"Sub category 1","quantity":2,"unit_price":30.11,"subtotal":60.22},' ..
    '{"line_id":"2","item_id":"Sub category 2","quantity":1,"unit_price":41.52,"subtotal":41.52}],' ..
    '"payments":[{"payment_id":"1","amount":111.91,"type":"VISA","user_id":"customer-%d"}]}}}',
    thread_id, id, code, id, math.random(1, 5000))
  return wrk.format("POST", "/api/2.0/lock", nil, body)
end

function delay()
  return pause
end

function done(summary, latency, requests)
  io.write(string.format("LOCKS_PER_SECOND %.0f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("NON_2XX %d\n", summary.errors.status or 0))
  io.write(string.format("P50_MS %.2f\n", latency:percentile(50) / 1000))
  io.write(string.format("P99_MS %.2f\n", latency:percentile(99) / 1000))
end
