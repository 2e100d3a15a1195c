-- Robustness against real clients (protocols/hiro.md §5 item 21): the old Java client
-- closes with code 200, which RFC 6455 forbids; Python answers pings twice and ends TCP
-- without a Close frame. The server must keep serving everyone.
local hiro = require("hiro")

scenario {
  id = "hiro.robust.peer-close",
  title = "After client Closes with codes 200, 999, 1004, 2999 (outside the RFC range) the server keeps answering graph requests",
  covers = { "hiro.robust.peer-close" },
  run = function(t)
    local req = "hiro.robust.peer-close"
    local bystander = hiro.graph(t)
    for i, code in ipairs{ 200, 999, 1004, 2999 } do
      local g = hiro.graph(t)
      -- (the runner reports the code it sent itself, so the server's answer is not observable here)
      g:close(code, "OK")
      t:sleep(0.2) -- let the server finish with that connection first
      local again = hiro.graph(t)
      hiro.send(again, "n" .. i, "me")
      local a = hiro.answer(again, "n" .. i, req)
      t:check(req, a.body ~= nil, "a new connection is served after close " .. code, { received = a })
    end
    hiro.send(bystander, "b", "me")
    local a = hiro.answer(bystander, "b", req)
    t:check(req, a.body ~= nil, "a connection open all along is still served", { received = a })
  end,
}

-- The raw client sends exactly what real clients send (t:raw_ws: no automatic answers,
-- any close code, TCP ended without a Close frame), so the server's own answers show.

local function raw_graph(t, tok)
  return t:raw_ws("hiro", { path = hiro.GRAPH_PATH, protocols = { hiro.GRAPH, "token-" .. tok } })
end

local function raw_events(t, tok, query)
  local path = hiro.EVENTS_PATH .. (query or "")
  return t:raw_ws("hiro", { path = path, protocols = { hiro.EVENTS, "token-" .. tok } })
end

-- The next text message on raw connection r, decoded (nil with why when none came).
local function raw_json(r, ms)
  while true do
    local f, why = r:recv_message(ms or 3000)
    if not f then return nil, why end
    if f.kind == "text" then return json.decode(f.payload), f end
  end
end

scenario {
  id = "hiro.robust.peer-close-answer",
  title = "A raw client Close with code 200 (the old Java client) is answered with Close 1002, TCP ends, and the next connection is served",
  covers = { "hiro.robust.peer-close" },
  run = function(t)
    local req = "hiro.robust.peer-close"
    local tok = hiro.user_token(t)
    for _, ep in ipairs{ "graph", "events" } do
      local r = ep == "graph" and raw_graph(t, tok) or raw_events(t, tok)
      t:require(req, r.upgraded, ep .. ": upgraded", { received = r.status })
      r:send_frame{ opcode = "close", close_code = 200, reason = "OK" }
      local f, why = r:recv_frame(3000)
      t:equal(req, f and { f.kind, f.close_code } or why, { "close", 1002 }, ep .. ": Close 200 is answered with Close 1002")
      t:check(req, r:wait_closed(3000), ep .. ": the server ends TCP after the Close handshake")
    end
    local g = hiro.graph(t)
    hiro.send(g, "n", "me")
    local a = hiro.answer(g, "n", req)
    t:check(req, a.body ~= nil, "a new connection is served", { received = a })
  end,
}

scenario {
  id = "hiro.robust.duplicate-pongs",
  title = "Two identical unsolicited Pongs (Python answers each ping twice) on both endpoints: each socket goes on being served",
  covers = { "hiro.robust.duplicate-pongs" },
  run = function(t)
    local req = "hiro.robust.duplicate-pongs"
    local tok = hiro.user_token(t)
    local g = raw_graph(t, tok)
    for _ = 1, 2 do g:send_frame{ opcode = "pong", payload = "hb" } end
    g:send_frame{ opcode = "text", payload = json.encode{ id = "after-pongs", type = "me", headers = {}, body = {} } }
    local a = raw_json(g, 3000)
    t:check(req, type(a) == "table" and a.id == "after-pongs" and type(a.body) == "table" and a.body.account ~= nil,
            "graph: me is answered after two Pongs", { received = a })
    local e = raw_events(t, tok)
    for _ = 1, 2 do e:send_frame{ opcode = "pong", payload = "hb" } end
    e:send_frame{ opcode = "pong" } -- and an empty one
    e:send_frame{ opcode = "text", payload = json.encode{ type = "wsconf-sync" } }
    local v = raw_json(e, 3000)
    t:check(req, type(v) == "table" and type(v.error) == "table" and v.error.code == 400,
            "events: a message after three Pongs is still handled (400 for an unknown type)", { received = v })
    g:close_tcp()
    e:close_tcp()
  end,
}

scenario {
  id = "hiro.robust.abrupt-end",
  title = "A group member ending TCP without a Close frame hands its share back; text after the server's Close is harmless; new sockets are served",
  covers = { "hiro.robust.abrupt-end" },
  run = function(t)
    local req = "hiro.robust.abrupt-end"
    local tok = hiro.user_token(t)
    local group = "drop-" .. hiro.account(t)
    local g = hiro.graph(t)
    local steady = hiro.events(t, { query = { groupId = group, offset = "largest", allscopes = "false" } })
    hiro.register(steady, "all", "(element.ogit/_id=*)")
    -- a member as Python leaves it: registered, then TCP ended without a Close frame
    local r = raw_events(t, tok, "?allscopes=false&groupId=" .. group .. "&offset=largest")
    r:send_frame{ opcode = "text", payload = json.encode{ type = "register", args = {
      ["filter-id"] = "all", ["filter-type"] = "jfilter", ["filter-content"] = "(element.ogit/_id=*)" } } }
    r:send_frame{ opcode = "text", payload = json.encode{ type = "wsconf-sync" } }
    local v = raw_json(r, 3000)
    t:require(req, type(v) == "table" and type(v.error) == "table", "the raw member's register was handled", { received = v })
    r:close_tcp()
    t:sleep(0.3) -- the server notices the ended connection
    hiro.sync(steady)
    local ids = {}
    for i = 1, 6 do
      ids[i] = hiro.create(t, g, "c" .. i, "ogit/Question", { ["/run"] = hiro.account(t) }, req)["ogit/_id"]
    end
    local evs = steady:collect{ count = 6, match = function(x) return type(x) == "table" and x.type ~= nil end,
                                within = 3, req = req, what = "the 6 events after the other member dropped TCP" }
    local got = {}
    for i, e in ipairs(evs) do got[i] = e.id end
    t:equal(req, got, ids, "the remaining member receives every event: the dropped one holds no share")

    -- a graph socket dropped with a list answer in flight
    local q = raw_graph(t, tok)
    q:send_frame{ opcode = "text", payload = json.encode{ id = "big", type = "query", headers = { type = "vertices" },
                                                          body = { query = "*:*" } } }
    q:recv_frame(3000) -- the answer has started
    q:close_tcp()

    -- text after the server's Close: a bad token is answered 401, then Close 1008
    local b = t:raw_ws("hiro", { path = hiro.EVENTS_PATH, protocols = { hiro.EVENTS, "token-bad" } })
    local err = raw_json(b, 3000)
    t:check(req, type(err) == "table" and type(err.error) == "table" and err.error.code == 401, "a bad token: the 401 error", { received = err })
    local c = b:recv_frame(3000)
    t:equal(req, c and { c.kind, c.close_code }, { "close", 1008 }, "then the server's Close 1008")
    b:send_frame{ opcode = "text", payload = json.encode{ type = "clear", args = {} } } -- may find TCP already gone
    local late = b:recv_frame(500)
    t:check(req, late == nil, "nothing answers text sent after the server's Close", { received = late })
    t:check(req, b:wait_closed(3000), "the server ends TCP")

    local again = hiro.graph(t)
    hiro.send(again, "me", "me")
    local a = hiro.answer(again, "me", req)
    t:check(req, a.body ~= nil, "a new graph connection is served", { received = a })
    local fresh = hiro.events(t, { query = { allscopes = "false" } })
    hiro.register(fresh, "all", "(element.ogit/_id=*)")
    hiro.sync(fresh)
    local last = hiro.create(t, g, "z", "ogit/Question", { ["/run"] = hiro.account(t) }, req)["ogit/_id"]
    fresh:expect{ json = { id = last }, within = 3, req = req, what = "the next event on a new event socket" }
  end,
}
