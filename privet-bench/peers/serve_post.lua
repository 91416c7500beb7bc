-- wrk script for privet serve: POSTs one fixed JSON body to /v1/predict with an API key.
--   wrk -t2 -c16 -d20s -s serve_post.lua http://127.0.0.1:8080/v1/predict -- KEY_FILE BODY_FILE
-- KEY_FILE: first line is the API key; BODY_FILE: {"instances": [[...], ...]}.
-- done() prints one machine-readable line: "RESULT requests=N rps=X p50_ms=X p99_ms=X non2xx=N errors=N".

local function read_file(path, first_line_only)
  local f = assert(io.open(path, "r"), "cannot open " .. path)
  local s = first_line_only and f:read("*l") or f:read("*a")
  f:close()
  return s
end

local non2xx = 0

function init(args)
  local key = read_file(args[1], true)
  wrk.method = "POST"
  wrk.body = read_file(args[2], false)
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. key
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if non2xx == 1 then
      io.stderr:write("first non-2xx answer: " .. status .. " " .. body .. "\n")
    end
  end
end

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT requests=%d rps=%.1f p50_ms=%.3f p99_ms=%.3f non2xx=%d errors=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.errors.status, errors))
end
