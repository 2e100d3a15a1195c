-- REST twins (protocols/trustgraph.md §1.11; the document's Service Routing table).
local tg = require("trustgraph")

scenario {
  id = "trustgraph.rest.twin",
  title = "flow list-blueprints, text-completion and agent over REST return the socket's final response object",
  covers = { "trustgraph.rest.twin" },
  run = function(t)
    local ws = tg.connect(t)
    local req = "trustgraph.rest.twin"
    local calls = {
      -- Blueprints do not change during a run (flows and config versions do).
      { "flow", { operation = "list-blueprints" }, nil },
      { "text-completion", { system = "rest", prompt = "twin" }, tg.FLOW },
      { "agent", { question = "What is TrustGraph?" }, tg.FLOW },
    }
    for n, c in ipairs(calls) do
      local v = tg.call(t, ws, "rt" .. n, c[1], c[2], c[3], { req = req })
      local res = tg.rest(t, c[1], c[2], c[3])
      t:equal(req, res.status, 200, c[1] .. ": HTTP status")
      t:equal(req, res.json, v[#v].response, c[1] .. ": REST body = the socket's final response")
    end
  end,
}

scenario {
  id = "trustgraph.gateway.rest-errors",
  title = "REST errors: unknown flow HTTP 200 {error: Invalid flow}; back-end failure HTTP 200 {error: {type, message}}",
  covers = { "trustgraph.gateway.rest-errors" },
  profiles = { "gateway" },
  run = function(t)
    local req = "trustgraph.gateway.rest-errors"
    local res = tg.rest(t, "agent", { question = "x" }, "no-such-flow")
    t:equal(req, res.status, 200, "unknown flow: HTTP status")
    t:equal(req, res.json, { error = "Invalid flow" }, "unknown flow: body")
    res = tg.rest(t, "agent", { question = "fail:boom" }, tg.FLOW)
    t:equal(req, res.status, 200, "back-end failure: HTTP status")
    t:equal(req, res.json, { error = { type = "agent-error", message = "boom" } }, "back-end failure: body")
  end,
}

scenario {
  id = "trustgraph.spec.rest-errors",
  title = "REST errors: a flow that is not running answers HTTP 500 {error: {type, message}}",
  covers = { "trustgraph.spec.rest-errors" },
  profiles = { "spec" },
  run = function(t)
    local req = "trustgraph.spec.rest-errors"
    local res = tg.rest(t, "agent", { question = "x" }, "no-such-flow")
    t:equal(req, res.status, 500, "unknown flow: HTTP status")
    local e = type(res.json) == "table" and res.json.error or nil
    t:check(req, type(e) == "table" and type(e.type) == "string" and type(e.message) == "string",
            "body {error: {type, message}}", { received = res.body })
  end,
}

scenario {
  id = "trustgraph.rest.method",
  title = "GET on the REST twin paths answers 405",
  covers = { "trustgraph.rest.method" },
  run = function(t)
    for _, path in ipairs({ "/api/v1/config", "/api/v1/flow/" .. tg.FLOW .. "/service/agent" }) do
      local res = t:http("trustgraph", { method = "GET", path = path,
                                         headers = { Authorization = "Bearer " .. tg.SECRET } })
      t:equal("trustgraph.rest.method", res.status, 405, "GET " .. path)
    end
  end,
}

scenario {
  id = "trustgraph.gateway.rest-auth-scheme",
  title = "REST with Authorization: Basic gets 401 (even without a secret); Bearer with the secret gets 200",
  covers = { "trustgraph.gateway.rest-auth-scheme" },
  profiles = { "gateway" },
  run = function(t)
    local req = "trustgraph.gateway.rest-auth-scheme"
    local body = { operation = "list-blueprints" }
    local res = tg.rest(t, "flow", body, nil, { Authorization = "Basic d3Njb25mOng=" })
    t:equal(req, res.status, 401, "Basic scheme")
    res = tg.rest(t, "flow", body, nil, { Authorization = "Bearer " .. tg.SECRET })
    t:equal(req, res.status, 200, "Bearer scheme")
  end,
}
