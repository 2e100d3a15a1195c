-- Token lifetime on a running socket: expiry ends it with a 401 error frame and a close;
-- a token message with a fresh token keeps it alive.
local hiro = require("hiro")

scenario {
  id = "hiro.token.expiry",
  title = "When the handshake token expires the server sends {\"error\":{\"code\":401}} and closes the socket",
  covers = { "hiro.token.expiry" },
  timeout = 10,
  run = function(t)
    local req = "hiro.token.expiry"
    -- exp is whole seconds: the token runs out 2 to 3 s from now
    local ws = hiro.events(t, { token = hiro.user_token(t, nil, 3) })
    ws:expect_none{ within = 0.5, req = req, what = "an error while the token is valid" }
    local e = ws:expect{ json = { error = { code = 401 } }, within = 4, req = req, what = "the 401 at expiry" }
    t:check(req, type(e.error.message) == "string", "the 401 has a message", { received = e })
    ws:expect_close{ code = 1008, within = 1, req = req }
  end,
}

scenario {
  id = "hiro.token.refresh",
  title = "A token message with a fresh token keeps the socket open and delivering past the old token's expiry",
  covers = { "hiro.token.refresh" },
  timeout = 10,
  run = function(t)
    local req = "hiro.token.refresh"
    -- exp is whole seconds: the first token runs out 1 to 2 s from now
    local ws = hiro.events(t, { token = hiro.user_token(t, nil, 2), query = { allscopes = "false" } })
    hiro.register(ws, "all", "(element.ogit/_id=*)")
    ws:send_json{ type = "token", args = { _TOKEN = hiro.jwt{ sub = hiro.account(t), ttl = 600 } } }
    -- a refused token message leaves the fresh one in force
    ws:send_json{ type = "token", args = { _TOKEN = "not-a-token" } }
    ws:expect{ json = { error = { code = 401 } }, within = 1, req = req, what = "401 for a token message with a bad token" }
    ws:expect_none{ within = 3.2, req = req, what = "an error or close after the old token's expiry" }
    t:check(req, not ws.closed, "the socket is still open after the old token expired", { received = ws:inbox() })
    local g = hiro.graph(t)
    local v = hiro.create(t, g, "1", "ogit/Question", {}, req)
    ws:expect{ json = { id = v["ogit/_id"] }, within = 2, req = req, what = "events still delivered" }
  end,
}
