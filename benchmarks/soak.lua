-- wrk script for the soak: of every 10 requests, 7 read the Urgent Action's
-- page ($SOAK_PAGE), 2 its totals ($SOAK_TOTALS) and 1 sends a JSON report
-- ($SOAK_BODY), each report from its own client address (X-Forwarded-For) so
-- that the rate limits run on every one without refusing any. Each report has
-- an Idempotency-Key of its own, as the page's script sends; every fifth is
-- the previous one sent again with its key (a retry: answered, not stored).
local page = os.getenv("SOAK_PAGE")
local totals = os.getenv("SOAK_TOTALS")
local body = os.getenv("SOAK_BODY")
local slice = tonumber(os.getenv("SOAK_SLICE") or "0")
local threads = 0
local counter = 0
local last_key = nil

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function request()
  counter = counter + 1
  local kind = counter % 10
  if kind == 0 then
    local n = counter / 10
    local address = string.format(
      "10.%d.%d.%d", n % 256, math.floor(n / 256) % 256, (slice * 4 + id) % 256
    )
    local key = string.format("s%d-t%d-%d", slice, id, n)
    if n % 5 == 0 and last_key then
      key = last_key
    end
    last_key = key
    return wrk.format("POST", "/ua/reports/", {
      ["Content-Type"] = "application/json",
      ["X-Forwarded-For"] = address,
      ["Idempotency-Key"] = key,
    }, body)
  elseif kind <= 2 then
    return wrk.format("GET", totals)
  end
  return wrk.format("GET", page)
end
