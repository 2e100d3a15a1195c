-- Handshake: paths by prefix with any version, with and without trailing slash, the HIRO 6
-- aliases, and the subprotocol answer (the protocol name, never the token entry).
local hiro = require("hiro")

local function opens(t, req, path, proto)
  local tok = hiro.user_token(t)
  local ws, err = t:try_connect("hiro", { path = path, subprotocols = { proto, "token-" .. tok } })
  t:check(req, ws ~= nil, path .. " opens a WebSocket", { expected = "101", received = err })
  if ws then
    ws:expect_none{ within = 0.2, req = req, what = "no error frame after a good token" }
    ws:close()
  end
end

scenario {
  id = "hiro.handshake.paths",
  title = "Both endpoints answer at /api/<name>/<version> for versions 6, 6.1, 6.2, with and without trailing slash, query kept",
  covers = { "hiro.handshake.paths" },
  run = function(t)
    for _, v in ipairs{ "6", "6.1", "6.2" } do
      opens(t, "hiro.handshake.paths", "/api/events-ws/" .. v .. "/", hiro.EVENTS)
      opens(t, "hiro.handshake.paths", "/api/events-ws/" .. v, hiro.EVENTS)
      opens(t, "hiro.handshake.paths", "/api/graph-ws/" .. v .. "/", hiro.GRAPH)
      opens(t, "hiro.handshake.paths", "/api/graph-ws/" .. v, hiro.GRAPH)
    end
    -- hiro-client-python's exact request: no trailing slash, its four parameters
    opens(t, "hiro.handshake.paths", "/api/events-ws/6.2?delta=false&groupId=&offset=largest&allscopes=false", hiro.EVENTS)
    local _, err = t:try_connect("hiro", { path = "/api/nothing-ws/6/",
                                           subprotocols = { hiro.EVENTS, "token-" .. hiro.user_token(t) } })
    t:check("hiro.handshake.paths", err ~= nil and err.status == 404, "an unknown path is refused with 404",
            { expected = 404, received = err })
  end,
}

scenario {
  id = "hiro.handshake.legacy-paths",
  title = "The HIRO 6 paths /_events/ and /_g/ (the npm client 6.1.7) reach the event stream and the graph API",
  covers = { "hiro.handshake.legacy-paths" },
  run = function(t)
    opens(t, "hiro.handshake.legacy-paths", "/_events/", hiro.EVENTS)
    opens(t, "hiro.handshake.legacy-paths", "/_g/", hiro.GRAPH)
    -- and they work: a graph request over /_g/ is answered
    local g = hiro.graph(t, { path = "/_g/" })
    hiro.send(g, "0", "me")
    local a = hiro.answer(g, "0", "hiro.handshake.legacy-paths")
    t:check("hiro.handshake.legacy-paths", a.body ~= nil and a.body.account ~= nil, "me answered over /_g/",
            { expected = "body.account", received = a })
  end,
}

scenario {
  id = "hiro.handshake.subprotocol",
  title = "An offer '<protocol>, token-<T>' is answered with exactly <protocol>, on both endpoints, whatever the order",
  covers = { "hiro.handshake.subprotocol" },
  run = function(t)
    local tok = hiro.user_token(t)
    local e = hiro.events(t, { token = tok })
    t:equal("hiro.handshake.subprotocol", e.subprotocol, hiro.EVENTS, "events socket: Sec-WebSocket-Protocol")
    local g = hiro.graph(t, { token = tok })
    t:equal("hiro.handshake.subprotocol", g.subprotocol, hiro.GRAPH, "graph socket: Sec-WebSocket-Protocol")
    local r = t:connect("hiro", { path = hiro.GRAPH_PATH, subprotocols = { "token-" .. tok, hiro.GRAPH } })
    t:equal("hiro.handshake.subprotocol", r.subprotocol, hiro.GRAPH, "token entry offered first")
  end,
}

scenario {
  id = "hiro.handshake.strict",
  title = "Strict mode (default): an offer without the endpoint's protocol name (Python's 'None', graph-2.0.0 on the event stream) is refused",
  covers = { "hiro.handshake.strict" },
  profiles = { "strict" },
  run = function(t)
    local tok = hiro.user_token(t)
    local offers = {
      { path = hiro.EVENTS_PATH, protos = { "None", "token-" .. tok } },
      { path = hiro.EVENTS_PATH, protos = { hiro.GRAPH, "token-" .. tok } },
      { path = hiro.GRAPH_PATH, protos = { "events-1.0.0", "token-" .. tok } },
    }
    for _, o in ipairs(offers) do
      local ws, err = t:try_connect("hiro", { path = o.path, subprotocols = o.protos })
      t:check("hiro.handshake.strict", ws == nil and err.status == 400,
              o.path .. " refuses the offer " .. table.concat(o.protos, ", "):sub(1, 30),
              { expected = "HTTP 400", received = ws and ("101 with " .. tostring(ws.subprotocol)) or err })
    end
  end,
}

scenario {
  id = "hiro.handshake.lenient",
  title = "Lenient mode: the first non-token entry is echoed (None, graph-2.0.0 on the event stream, events-1.0.0 on the graph API, after a leading token entry) and the socket serves",
  covers = { "hiro.handshake.lenient" },
  profiles = { "lenient" },
  -- graph_conn's "6.1" is not offered: libwebsockets 4.1 reads an entry starting with a
  -- digit as a number and refuses the whole offer (400) before any server code sees it.
  run = function(t)
    local req = "hiro.handshake.lenient"
    local tok = hiro.user_token(t)
    local offers = {
      { path = hiro.EVENTS_PATH, protos = { "None", "token-" .. tok }, want = "None" },      -- Python with discovery
      { path = "/api/events-ws/6.2?delta=false&allscopes=false", protos = { "None", "token-" .. tok }, want = "None" }, -- as Python sends it
      { path = "/_events/", protos = { hiro.GRAPH, "token-" .. tok }, want = hiro.GRAPH }, -- npm JS 6.1.7
      { path = hiro.GRAPH_PATH, protos = { "events-1.0.0", "token-" .. tok }, want = "events-1.0.0" },
      { path = hiro.GRAPH_PATH, protos = { "token-" .. tok, "None" }, want = "None" },
    }
    for i, o in ipairs(offers) do
      local offer = table.concat(o.protos, ", "):sub(1, 24)
      local ws, err = t:try_connect("hiro", { path = o.path, subprotocols = o.protos })
      t:require(req, ws ~= nil, o.path .. " accepts the offer " .. offer, { expected = "101", received = err })
      t:equal(req, ws.subprotocol, o.want, o.path .. ": Sec-WebSocket-Protocol for " .. offer)
      if o.path:find("graph", 1, true) then
        hiro.send(ws, "m" .. i, "me")
        local a = hiro.answer(ws, "m" .. i, req)
        t:check(req, a.body ~= nil and a.body.account ~= nil and a.body.account["ogit/_id"] == hiro.account(t),
                o.path .. ": the offered token's account answers me", { received = a })
      else
        -- the sync answer proves the socket is served; a 401 before it would be the token refused
        ws:send_json{ type = "wsconf-sync" }
        local v = ws:expect{ match = function(x) return type(x) == "table" and type(x.error) == "table" end,
                             within = 3, req = req, what = "the error answer to an unknown message type" }
        t:equal(req, v.error.code, 400, o.path .. ": the socket is served with the offered token (400, not 401)")
      end
      ws:close()
    end
  end,
}
