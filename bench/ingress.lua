-- wrk script: POSTs seed-003-shaped purchases with 1-10 lines, each with a fresh request_id and
-- transaction_id, so that every request is accepted and queued (no idempotent repeats).
local counter = 0
thread_id = 0          -- a global: setup() gives each thread its own (a local would hide it)
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + thread_id)
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Basic ZGVtby1wb3M6ZGVtby1zZWNyZXQ=" -- demo-pos:demo-secret
end

local function purchase(id)
  local lines = {}
  local subtotal = 0
  local count = math.random(1, 10)
  for i = 1, count do
    local cents = math.random(100, 9999)
    local qty = math.random(1, 3)
    subtotal = subtotal + cents * qty
    lines[#lines + 1] = string.format(
      '{"line_id":"%d","item_id":"Sub category %d","quantity":%d,"unit_price":%d.%02d,"subtotal":%d.%02d}',
      i, (i % 2) + 1, qty, math.floor(cents / 100), cents % 100, math.floor(cents * qty / 100), (cents * qty) % 100)
  end
  return string.format(
    '{"store_id":"store-1","client_id":"bench-%d","request_id":"%s","request_payload":{' ..
    '"transaction_id":"%s","is_closed":true,"is_voided":false,"subtotal":%d.%02d,' ..
    '"modified_time":"2026-03-01T10:04:12.000Z","items":[%s],' ..
    '"payments":[{"payment_id":"1","amount":%d.%02d,"type":"VISA","user_id":"customer-%d"}]}}',
    thread_id, id, id, math.floor(subtotal / 100), subtotal % 100, table.concat(lines, ","),
    math.floor(subtotal / 100), subtotal % 100, math.random(1, 5000))
end

function request()
  counter = counter + 1
  local id = string.format("bench-%d-%d-%d", thread_id, os.time(), counter)
  return wrk.format("POST", "/api/2.0/send_transaction", nil, purchase(id))
end

function done(summary, latency, requests)
  local accepted = summary.requests - (summary.errors.status or 0)
  io.write(string.format("accepted requests/s: %.0f\n", accepted / (summary.duration / 1e6)))
  io.write(string.format("non-2xx answers: %d, socket errors: %d\n", summary.errors.status or 0,
    (summary.errors.connect or 0) + (summary.errors.read or 0) + (summary.errors.write or 0) + (summary.errors.timeout or 0)))
  for _, p in ipairs({50, 90, 99, 99.9}) do
    io.write(string.format("latency p%s: %.2f ms\n", p, latency:percentile(p) / 1000))
  end
end
