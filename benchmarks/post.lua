-- wrk script: POST the body in $BENCH_BODY with $BENCH_CONTENT_TYPE and $BENCH_COOKIE,
-- each request from its own client address (X-Forwarded-For), and its own /24 for
-- the first 65,536 of a thread, so that rate limiting (per address and per /24)
-- does its work on every request without refusing any. $BENCH_RUN keeps the
-- addresses of one run apart from those of the others. With $BENCH_KEYED=1 each
-- request carries an Idempotency-Key of its own, as the page's script sends.
local body = os.getenv("BENCH_BODY")
local content_type = os.getenv("BENCH_CONTENT_TYPE")
local cookie = os.getenv("BENCH_COOKIE") or ""
local run = tonumber(os.getenv("BENCH_RUN") or "0")
local keyed = os.getenv("BENCH_KEYED") == "1"
local threads = 0
local counter = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)  -- becomes the global `id` in that thread
end

function request()
  counter = counter + 1
  local address = string.format(
    "10.%d.%d.%d", counter % 256, math.floor(counter / 256) % 256, (run * 4 + id) % 256
  )
  local headers = {
    ["Content-Type"] = content_type,
    ["Cookie"] = cookie,
    ["X-Forwarded-For"] = address,
  }
  if keyed then
    headers["Idempotency-Key"] = string.format("%d-%d-%d", run, id, counter)
  end
  return wrk.format("POST", nil, headers, body)
end
