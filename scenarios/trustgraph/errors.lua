-- Envelope and back-end errors in each profile's shape (protocols/trustgraph.md §1.4 for
-- the gateway, the document's Error Response for spec); the socket answers after each.
local tg = require("trustgraph")

-- After an error, the same socket still answers a config request.
local function still_usable(t, ws, n)
  local id = "ok-" .. n
  tg.send(ws, id, "config", { operation = "list", type = "flow" })
  ws:expect{ json = { id = id, response = {} }, within = 2, req = "trustgraph.error.socket-usable",
             what = "an answer to " .. id .. " after the error" }
end

-- Sends raw text or a table; returns the first frame that is not for an ok-N probe.
local function answer_to(ws, msg, id, req)
  if type(msg) == "string" then ws:send_text(msg) else ws:send_json(msg) end
  local m = id and { json = { id = id } } or { json = { id = json.absent } }
  m.within, m.req, m.what = 2, req, "the answer to " .. (id or "a request without id")
  return ws:expect(m)
end

scenario {
  id = "trustgraph.gateway.errors",
  title = "Gateway envelope errors: exact texts of protocols §1.4, type error, complete true; the socket stays usable",
  covers = { "trustgraph.error.socket-usable", "trustgraph.gateway.error-texts" },
  profiles = { "gateway" },
  run = function(t)
    local ws = tg.connect(t)
    local req = "trustgraph.gateway.error-texts"
    local cases = {
      { "xx", nil, "Expecting value: line 1 column 1 (char 0)" },
      { "[1]", nil, "'list' object has no attribute 'get'" },
      { { id = "g1", service = "config" }, "g1", "Bad message" },
      { { service = "config", request = {} }, nil, "Bad message" },
      { { id = "g2", request = {} }, "g2", "'service'" },
      { { id = "g3", service = "agent", request = { question = "x" } }, "g3", "'agent'" },
      { { id = "g4", service = "no-such-service", request = {} }, "g4", "'no-such-service'" },
      { { id = "g5", service = "agent", flow = "no-such-flow", request = { question = "x" } }, "g5", "Invalid flow" },
    }
    for n, c in ipairs(cases) do
      local v = answer_to(ws, c[1], c[2], req)
      local want = { error = { message = c[3], type = "error" }, complete = true }
      if c[2] then want.id = c[2] end
      t:equal(req, v, want, "case " .. n .. " (" .. c[3] .. ")")
      still_usable(t, ws, n)
    end
  end,
}

scenario {
  id = "trustgraph.spec.errors",
  title = "Spec envelope errors: {id?, error: {type: gateway-error, message}}; unknown flow is Flow not found; the socket stays usable",
  covers = { "trustgraph.error.socket-usable", "trustgraph.spec.envelope-errors", "trustgraph.spec.error-shape" },
  profiles = { "spec" },
  run = function(t)
    local ws = tg.connect(t)
    local req = "trustgraph.spec.envelope-errors"
    local cases = {
      { "xx", nil }, { "[1]", nil },
      { { service = "config", request = {} }, nil },
      { { id = "s1", request = {} }, "s1" },
      { { id = "s2", service = "config" }, "s2" },
      { { id = "s3", service = "no-such-service", request = {} }, "s3" },
      { { id = "s4", service = "agent", request = { question = "x" } }, "s4" },
      { { id = "s5", service = "agent", flow = tg.FLOW, request = {} }, "s5" },
    }
    for n, c in ipairs(cases) do
      local v = answer_to(ws, c[1], c[2], req)
      local e = type(v) == "table" and v.error or nil
      t:check(req, type(e) == "table" and e.type == "gateway-error" and type(e.message) == "string" and #e.message > 0,
              "case " .. n .. ": error {type: gateway-error, message}", { received = v })
      t:check(req, type(v) == "table" and v.response == nil, "case " .. n .. ": no response beside the error",
              { received = v })
      still_usable(t, ws, n)
    end
    local v = answer_to(ws, { id = "s6", service = "agent", flow = "no-such-flow", request = { question = "x" } }, "s6",
                        "trustgraph.spec.error-shape")
    t:equal("trustgraph.spec.error-shape", v, { id = "s6", error = { type = "gateway-error", message = "Flow not found" } },
            "the document's Error Response")
    still_usable(t, ws, 99)
  end,
}

scenario {
  id = "trustgraph.gateway.missing-field",
  title = "A missing required field is answered inside response as gateway-error '<field>', complete true",
  covers = { "trustgraph.gateway.missing-field" },
  profiles = { "gateway" },
  run = function(t)
    local ws = tg.connect(t)
    local req = "trustgraph.gateway.missing-field"
    local v = tg.call(t, ws, "mf1", "agent", {}, tg.FLOW, { req = req })
    t:equal(req, v[#v], { id = "mf1", response = { error = { type = "gateway-error", message = "'question'" } },
                          complete = true }, "agent without question")
    v = tg.call(t, ws, "mf2", "text-completion", { prompt = "p" }, tg.FLOW, { req = req })
    t:equal(req, v[#v], { id = "mf2", response = { error = { type = "gateway-error", message = "'system'" } },
                          complete = true }, "text-completion without system")
  end,
}

-- Back-end failures requested with "fail:" (reference-server/trustgraph/README.md).
local function failures(t, ws, req, shape)
  local cases = { { "agent", { question = "fail:boom" }, "agent-error", "boom" },
                  { "text-completion", { system = "s", prompt = "fail:no model" }, "llm-error", "no model" },
                  { "graph-rag", { query = "fail:" }, "graph-rag-error", "Failure requested" } }
  for n, c in ipairs(cases) do
    local id = "be" .. n
    local v = tg.call(t, ws, id, c[1], c[2], tg.FLOW, { req = req })
    t:equal(req, #v, 1, c[1] .. ": one frame")
    t:equal(req, v[#v], shape(id, { type = c[3], message = c[4] }), c[1] .. " back-end error")
  end
end

scenario {
  id = "trustgraph.gateway.service-error",
  title = "Back-end failures arrive inside response with the service's error type, complete true",
  covers = { "trustgraph.gateway.service-error" },
  profiles = { "gateway" },
  run = function(t)
    local ws = tg.connect(t)
    failures(t, ws, "trustgraph.gateway.service-error",
             function(id, e) return { id = id, response = { error = e }, complete = true } end)
  end,
}

scenario {
  id = "trustgraph.spec.service-error",
  title = "Back-end failures arrive as a top-level error object with the service's type and no response",
  covers = { "trustgraph.spec.service-error" },
  profiles = { "spec" },
  run = function(t)
    local ws = tg.connect(t)
    failures(t, ws, "trustgraph.spec.service-error", function(id, e) return { id = id, error = e } end)
  end,
}
