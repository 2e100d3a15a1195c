-- A back end slower than the server's timeout (protocols/trustgraph.md §1.4 "no back-end
-- answer within 120 s", §2 item 27). The mock back end is slow on request: a prompt
-- "slow:<ms>" delays its answer (reference-server/trustgraph/README.md). The bundled
-- server's timeout is 120 s, so these scenarios skip there; ctest runs them against a
-- server configured with timeout_ms 300 (scenarios/CMakeLists.txt).
local tg = require("trustgraph")
local PAUSE = 1.5

-- Sends the slow request and a fast one after it; returns the slow request's first frame
-- and the seconds it took, or skips when the back end's answer won.
local function slow_answer(t, ws, req)
  local t0 = t:now()
  tg.send(ws, "slow", "text-completion", { system = "s", prompt = "slow:" .. math.floor(PAUSE * 1000) }, tg.FLOW)
  tg.send(ws, "fast", "config", { operation = "list", type = "flow" })
  ws:expect{ json = { id = "fast" }, within = 1, req = req, what = "the fast request's answer while the slow one waits" }
  local v = ws:expect{ json = { id = "slow" }, within = PAUSE + 2, req = req, what = "an answer to the slow request" }
  local elapsed = t:now() - t0
  if tg.error_of(v) == nil then
    t:skip(string.format("the back end answered after %.1f s: the server's timeout is longer (configure timeout_ms below %d)",
                         elapsed, math.floor(PAUSE * 1000)))
  end
  return v, elapsed
end

local function after_timeout(t, ws, req, elapsed)
  t:check(req, elapsed < PAUSE, "the Timeout error comes before the back end's answer would",
          { expected = "< " .. PAUSE .. " s", received = elapsed })
  ws:expect_none{ json = { id = "slow" }, within = PAUSE - elapsed + 0.3, req = req,
                  what = "no frame for the id after the Timeout error" }
  tg.send(ws, "after", "config", { operation = "list", type = "flow" })
  ws:expect{ json = { id = "after", response = {} }, within = 2, req = req, what = "an answer after the timeout" }
end

scenario {
  id = "trustgraph.gateway.timeout",
  title = "A back end slower than the timeout: response.error gateway-error Timeout, complete true, nothing later for the id; the socket answers on",
  covers = { "trustgraph.gateway.timeout" },
  profiles = { "gateway" },
  run = function(t)
    local ws = tg.connect(t)
    local req = "trustgraph.gateway.timeout"
    local v, elapsed = slow_answer(t, ws, req)
    t:equal(req, v, { id = "slow", response = { error = { type = "gateway-error", message = "Timeout" } }, complete = true },
            "the gateway's Timeout error")
    after_timeout(t, ws, req, elapsed)
  end,
}

scenario {
  id = "trustgraph.spec.timeout",
  title = "A back end slower than the timeout: {id, error: {type gateway-error, message Timeout}}, nothing later for the id; the socket answers on",
  covers = { "trustgraph.spec.timeout" },
  profiles = { "spec" },
  run = function(t)
    local ws = tg.connect(t)
    local req = "trustgraph.spec.timeout"
    local v, elapsed = slow_answer(t, ws, req)
    t:equal(req, v, { id = "slow", error = { type = "gateway-error", message = "Timeout" } }, "the document's error object")
    after_timeout(t, ws, req, elapsed)
  end,
}
