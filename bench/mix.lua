-- wrk script: a realistic mix of POS traffic. Purchases of 1-10 lines (80%), partial refunds of an
-- earlier purchase of this thread (10%), voids of one (5%), and repeats of an earlier request, same
-- request_id and body (5%). Each thread keeps its recent purchases to refund and void.
thread_id = 0          -- a global: setup() gives each thread its own (a local would hide it)
local threads = {}
local counter = 0
local recent = {}      -- transaction_id → {lines = {...}, customer = n}
local recent_ids = {}
local sent = {}        -- bodies already sent, for repeats
local pause = tonumber(os.getenv("DELAY_MS") or "0") -- DELAY_MS: each connection waits this long between requests
local loader = tonumber(os.getenv("LOADER") or "0")  -- LOADER: a number per wrk process run at once, so that their ids differ

function delay()
  return pause
end

function setup(thread)
  thread:set("thread_id", #threads)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() * 100 + thread_id + 10 * loader)
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Basic ZGVtby1wb3M6ZGVtby1zZWNyZXQ=" -- demo-pos:demo-secret
  wrk.method = "POST"
  wrk.path = "/api/2.0/send_transaction"
end

local function money(cents) return string.format("%d.%02d", math.floor(cents / 100), cents % 100) end

local function body(request_id, txn, lines, customer, minute, voided)
  local items, subtotal = {}, 0
  for i, l in ipairs(lines) do
    subtotal = subtotal + l.cents * l.qty
    items[#items + 1] = string.format('{"line_id":"%d","item_id":"Sub category %d","quantity":%d,"unit_price":%s,"subtotal":%s}',
      l.id, (l.id % 2) + 1, l.qty, money(l.cents), money(l.cents * l.qty))
  end
  return string.format('{"store_id":"store-1","client_id":"bench-%d","request_id":"%s","request_payload":{' ..
    '"transaction_id":"%s","is_closed":true,"is_voided":%s,"subtotal":%s,"modified_time":"2026-03-01T10:%02d:00.000Z",' ..
    '"items":[%s],"payments":[{"payment_id":"1","amount":%s,"type":"VISA","user_id":"customer-%d"}]}}',
    thread_id, request_id, txn, voided and "true" or "false", money(subtotal), minute, table.concat(items, ","), money(subtotal), customer)
end

function request()
  counter = counter + 1
  local id = string.format("l%d-t%d-%d-%d", loader, thread_id, os.time(), counter)
  local roll = math.random(100)
  local b
  if roll <= 10 and #recent_ids > 0 then
    local txn = table.remove(recent_ids, math.random(#recent_ids))
    local p = recent[txn]; recent[txn] = nil
    local kept = {}
    for i = 1, #p.lines - 1 do kept[#kept + 1] = p.lines[i] end
    b = body(id, txn, kept, p.customer, 20, false)             -- the last line goes back
  elseif roll <= 15 and #recent_ids > 0 then
    local txn = table.remove(recent_ids, math.random(#recent_ids))
    local p = recent[txn]; recent[txn] = nil
    b = body(id, txn, p.lines, p.customer, 30, true)           -- voided
  elseif roll <= 20 and #sent > 0 then
    b = sent[math.random(#sent)]                               -- a repeat
  else
    local lines = {}
    for i = 1, math.random(1, 10) do lines[i] = {id = i, qty = math.random(1, 3), cents = math.random(100, 9999)} end
    local customer = math.random(1, 5000)
    b = body(id, id, lines, customer, 10, false)
    if lines[2] then recent[id] = {lines = lines, customer = customer}; recent_ids[#recent_ids + 1] = id end
    if #recent_ids > 200 then recent[table.remove(recent_ids, 1)] = nil end
  end
  if #sent < 500 then sent[#sent + 1] = b else sent[math.random(500)] = b end
  return wrk.format(nil, nil, nil, b)
end

function done(summary, latency, requests)
  local accepted = summary.requests - (summary.errors.status or 0)
  io.write(string.format("ACCEPTED_PER_SECOND %.0f\n", accepted / (summary.duration / 1e6)))
  io.write(string.format("NON_2XX %d\n", summary.errors.status or 0))
  io.write(string.format("P50_MS %.2f\nP99_MS %.2f\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
