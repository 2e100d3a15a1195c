-- Authentication: a bad handshake token gets 101, the 401 error frame and a Close 1008;
-- error objects always carry an integer code and a string message.
local hiro = require("hiro")

local function refused_after_open(t, req, label, opts)
  local ws = t:connect("hiro", opts)
  local err = ws:expect{ json = { error = { code = 401 } }, within = 1, req = req,
                         what = label .. ": {\"error\":{\"code\":401,...}}" }
  t:check(req, type(err.error.message) == "string" and #err.error.message > 0, label .. ": the 401 has a message",
          { expected = "a message", received = err })
  ws:expect_close{ code = 1008, within = 1, req = req }
end

scenario {
  id = "hiro.auth.invalid-token",
  title = "Bad, expired or missing handshake tokens: 101, then {\"error\":{\"code\":401}}, then Close 1008, on both endpoints",
  covers = { "hiro.auth.invalid-token" },
  run = function(t)
    local sub = hiro.account(t)
    local forged = hiro.token{ sub = sub, key = "not-the-server-key" }
    local expired = hiro.token{ sub = sub, ttl = -10 }
    for _, ep in ipairs{ { path = hiro.EVENTS_PATH, proto = hiro.EVENTS }, { path = hiro.GRAPH_PATH, proto = hiro.GRAPH } } do
      refused_after_open(t, "hiro.auth.invalid-token", ep.path .. " wrong signature",
                         { path = ep.path, subprotocols = { ep.proto, "token-" .. forged } })
      refused_after_open(t, "hiro.auth.invalid-token", ep.path .. " expired",
                         { path = ep.path, subprotocols = { ep.proto, "token-" .. expired } })
      refused_after_open(t, "hiro.auth.invalid-token", ep.path .. " no token entry",
                         { path = ep.path, subprotocols = { ep.proto } })
      refused_after_open(t, "hiro.auth.invalid-token", ep.path .. " not a token",
                         { path = ep.path, subprotocols = { ep.proto, "token-garbage" } })
    end
  end,
}

local function error_object(t, label, v)
  local e = type(v) == "table" and v.error or nil
  t:check("hiro.error.code", type(e) == "table" and math.type(e.code) == "integer" and type(e.message) == "string",
          label .. ": error has an integer code and a string message", { expected = "{code: integer, message: string}", received = v })
end

scenario {
  id = "hiro.error.code",
  title = "Error objects carry an integer code and a string message (401 frame, event stream 400, graph 404 and 400)",
  covers = { "hiro.error.code" },
  run = function(t)
    local ws = t:connect("hiro", { path = hiro.EVENTS_PATH, subprotocols = { hiro.EVENTS, "token-" .. hiro.token{ ttl = -5 } } })
    error_object(t, "401 after the handshake", ws:expect{ json = { error = {} }, within = 1 })
    local ev = hiro.events(t)
    ev:send_text("this is not JSON")
    error_object(t, "non-JSON on the event stream", ev:expect{ json = { error = {} }, within = 1 })
    ev:send_json{ type = "no-such-type" }
    error_object(t, "unknown message type", ev:expect{ json = { error = {} }, within = 1 })
    local g = hiro.graph(t)
    hiro.send(g, "e1", "get", { ["ogit/_id"] = "cjnothere0000_cjnothere0000" })
    error_object(t, "graph get of an unknown id", hiro.answer(g, "e1"))
    hiro.send(g, "e2", "frobnicate")
    error_object(t, "graph unknown type", hiro.answer(g, "e2"))
  end,
}

scenario {
  id = "hiro.auth.token-issue",
  title = "A token from POST /api/auth/6.1/app opens both endpoints and acts as its account until expires-at",
  covers = { "hiro.auth.token-issue" },
  run = function(t)
    local req = "hiro.auth.token-issue"
    local user = hiro.account(t)
    local res = t:http("hiro", { method = "POST", path = "/api/auth/6.1/app",
                                json = { client_id = "wsconf", client_secret = "x", username = user, password = "secret" } })
    t:require(req, res.status == 200 and res.json and type(res.json._TOKEN) == "string", "a token is issued",
              { expected = 200, received = { status = res.status, body = res.body } })
    t:check(req, math.type(res.json["expires-at"]) == "integer" and res.json["expires-at"] > os.time() * 1000,
            "expires-at is a future time in ms", { received = res.json["expires-at"] })
    local ev = hiro.events(t, { token = res.json._TOKEN })
    local g = hiro.graph(t, { token = res.json._TOKEN })
    hiro.send(g, "me", "me")
    local a = hiro.answer(g, "me", req)
    t:check(req, a.body ~= nil and a.body.account ~= nil and a.body.account["ogit/_id"] == user,
            "the graph API acts as the issued account", { expected = user, received = a })
    ev:expect_none{ within = 0.3, req = req, what = "a 401 on the event stream" }
    local bad = t:http("hiro", { method = "POST", path = "/api/auth/6.1/app", json = { username = user } })
    t:check(req, bad.status == 400, "no password: 400", { expected = 400, received = bad.status })
  end,
}
