-- wrk script for bench/charges.sh: every request is a new charge (a fresh UUIDv7 event id) of an
-- active paid app, for one of USERS funded users; with BATCH > 0, BATCH charges per request to
-- the batch route. Environment: TOKEN, APP, USERS, BATCH.
local token = os.getenv("TOKEN")
local app = os.getenv("APP") or "bench-app"
local users = tonumber(os.getenv("USERS") or "200")
local batch = tonumber(os.getenv("BATCH") or "0")
local counter = 0
local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}

function setup(thread)
  thread:set("seed", math.random(1, 2 ^ 30))
end

function init(args)
  math.randomseed((seed or 1) + os.time())
end

-- A UUIDv7: 48 bits of milliseconds, version 7, variant 10, the rest random (RFC 9562).
local function uuid7()
  local ms = os.time() * 1000 + (counter % 1000)
  return string.format("%08x-%04x-7%03x-%x%03x-%06x%06x",
    math.floor(ms / 65536), ms % 65536, math.random(0, 4095),
    8 + math.random(0, 3), math.random(0, 4095), math.random(0, 16777215), math.random(0, 16777215))
end

local function charge()
  counter = counter + 1
  return '{"event_id":"' .. uuid7() .. '","user_id":"user:bench-' .. (counter % users) ..
    '","app_id":"' .. app .. '","tool_name":"bench","handler":"action","byollm":false}'
end

function request()
  if batch > 0 then
    local charges = {}
    for i = 1, batch do
      charges[i] = charge()
    end
    return wrk.format("POST", "/v1/charges/batch", headers, '{"charges":[' .. table.concat(charges, ",") .. ']}')
  end
  return wrk.format("POST", "/v1/charges", headers, charge())
end

-- With DELAY_MS > 0, each connection waits that long between requests: an offered rate of about
-- connections × 1000 / (DELAY_MS + latency) requests per second, for latency below the peak.
local delay_ms = tonumber(os.getenv("DELAY_MS") or "0")
if delay_ms > 0 then
  function delay()
    return delay_ms
  end
end
