-- The event stream: silent success, the event's shape, delivery once, unregister, clear,
-- either order of subscribe and register, and changes made through the graph API.
-- Each scenario listens with allscopes=false in its own scope (its account's default
-- scope), so vertices other scenarios create never reach it.
local hiro = require("hiro")

local Q = { allscopes = "false" }

scenario {
  id = "hiro.events.silent-success",
  title = "Successful token, subscribe, register, unregister and clear produce no frame",
  covers = { "hiro.events.silent-success" },
  run = function(t)
    local ws = hiro.events(t, { query = Q })
    ws:send_json{ type = "token", args = { _TOKEN = hiro.jwt{ sub = hiro.account(t) } } }
    hiro.subscribe(ws, hiro.scope(t, "other"))
    hiro.register(ws, "f1", "(element.ogit/_type = ogit/Question)")
    hiro.register(ws, "f2", "&(element.ogit/_type=ogit/Question)(action=C*)")
    ws:send_json{ type = "unregister", args = { ["filter-id"] = "f1" } }
    ws:send_json{ type = "clear", args = {} }
    ws:send_json{ type = "clear" }
    ws:expect_none{ within = 0.5, what = "any frame after successful messages" }
  end,
}

scenario {
  id = "hiro.events.shape",
  title = "A CREATE through the graph API gives one event {id, type, timestamp, nanotime, body, metadata} with the whole vertex",
  covers = { "hiro.events.shape" },
  run = function(t)
    local ws = hiro.events(t, { query = Q })
    hiro.register(ws, "questions", "(element.ogit/_type = ogit/Question)")
    local g = hiro.graph(t)
    hiro.sync(ws)
    local v = hiro.create(t, g, "c1", "ogit/Question", { ["/topic"] = "shape", ["/n"] = 3 }, "hiro.events.shape")
    local ev = ws:expect{ json = { id = v["ogit/_id"] }, within = 2 }
    local req = "hiro.events.shape"
    t:equal(req, ev.type, "CREATE", "type")
    t:check(req, math.type(ev.timestamp) == "integer" and ev.timestamp == v["ogit/_modified-on"],
            "timestamp is the change's time in ms", { expected = v["ogit/_modified-on"], received = ev.timestamp })
    t:check(req, math.type(ev.nanotime) == "integer" and ev.nanotime > 0, "nanotime is a positive integer",
            { expected = "integer > 0", received = ev.nanotime })
    t:equal(req, ev.body, v, "body is the whole vertex as the create answered it")
    t:equal(req, ev.metadata, { ["ogit/_modified-by"] = hiro.account(t), ["ogit/_modified-by-app"] = v["ogit/_modified-by-app"],
                                ["ogit/_modified-on"] = v["ogit/_modified-on"] }, "metadata")
    -- a vertex of another type does not match the filter
    hiro.create(t, g, "c2", "ogit/Comment", { ["/topic"] = "shape" }, req)
    local v3 = hiro.create(t, g, "c3", "ogit/Question", { ["/topic"] = "second" }, req)
    local ev3 = ws:expect{ json = { type = "CREATE" }, within = 2 }
    t:equal(req, ev3.id, v3["ogit/_id"], "the next event is the next Question (the Comment matched nothing)")
    t:check(req, ev3.nanotime > ev.nanotime, "nanotime increases", { expected = "> " .. ev.nanotime, received = ev3.nanotime })
    ws:expect_none{ within = 0.3, what = "an event for the Comment" }
  end,
}

scenario {
  id = "hiro.events.once",
  title = "An event matching two registered filters of a connection is sent once",
  covers = { "hiro.events.once" },
  run = function(t)
    local ws = hiro.events(t, { query = Q })
    hiro.register(ws, "by-type", "(element.ogit/_type=ogit/Question)")
    hiro.register(ws, "by-id", "(element.ogit/_id = *)")
    hiro.register(ws, "by-action", "(action=CREATE)")
    local g = hiro.graph(t)
    hiro.sync(ws)
    local v = hiro.create(t, g, "c1", "ogit/Question", {}, "hiro.events.once")
    ws:expect{ json = { id = v["ogit/_id"], type = "CREATE" }, within = 2 }
    ws:expect_none{ within = 0.4, what = "a second copy of the event" }
  end,
}

scenario {
  id = "hiro.events.unregister",
  title = "unregister stops a filter; registering the same filter-id again replaces its content",
  covers = { "hiro.events.unregister" },
  run = function(t)
    local req = "hiro.events.unregister"
    local ws = hiro.events(t, { query = Q })
    hiro.register(ws, "f", "(element./kind=a)")
    local g = hiro.graph(t)
    hiro.sync(ws)
    local a1 = hiro.create(t, g, "1", "ogit/Question", { ["/kind"] = "a" }, req)
    ws:expect{ json = { id = a1["ogit/_id"] }, within = 2 }
    ws:send_json{ type = "unregister", args = { ["filter-id"] = "f" } }
    hiro.sync(ws)
    hiro.create(t, g, "2", "ogit/Question", { ["/kind"] = "a" }, req)
    ws:expect_none{ within = 0.3, what = "an event after unregister" }
    hiro.register(ws, "f", "(element./kind=a)")
    hiro.register(ws, "f", "(element./kind=b)") -- replaces: only b now
    hiro.sync(ws)
    hiro.create(t, g, "3", "ogit/Question", { ["/kind"] = "a" }, req)
    local b = hiro.create(t, g, "4", "ogit/Question", { ["/kind"] = "b" }, req)
    local ev = ws:expect{ json = { type = "CREATE" }, within = 2 }
    t:equal(req, ev.id, b["ogit/_id"], "only the replacing filter (kind=b) matches")
    ws:expect_none{ within = 0.3, what = "an event for kind=a after the filter was replaced" }
  end,
}

scenario {
  id = "hiro.events.clear",
  title = "clear removes every filter of the connection",
  covers = { "hiro.events.clear" },
  run = function(t)
    local req = "hiro.events.clear"
    local ws = hiro.events(t, { query = Q })
    hiro.register(ws, "a", "(element./kind=a)")
    hiro.register(ws, "all", "(element.ogit/_id=*)")
    local g = hiro.graph(t)
    hiro.sync(ws)
    local v = hiro.create(t, g, "1", "ogit/Question", { ["/kind"] = "a" }, req)
    ws:expect{ json = { id = v["ogit/_id"] }, within = 2 }
    ws:send_json{ type = "clear", args = {} }
    hiro.sync(ws)
    hiro.create(t, g, "2", "ogit/Question", { ["/kind"] = "a" }, req)
    ws:expect_none{ within = 0.4, what = "an event after clear" }
  end,
}

scenario {
  id = "hiro.events.either-order",
  title = "subscribe then register (Python, Java) and register then subscribe (JS) both deliver the subscribed scope's events",
  covers = { "hiro.events.either-order" },
  run = function(t)
    local req = "hiro.events.either-order"
    local other = hiro.scope(t, "writer")
    local py = hiro.events(t, { query = Q })
    hiro.subscribe(py, other)
    hiro.register(py, "all", "(element.ogit/_id = *)")
    local js = hiro.events(t, { query = Q })
    hiro.register(js, "all", "(element.ogit/_id = *)")
    hiro.subscribe(js, other)
    local g = hiro.graph(t, { token = hiro.user_token(t, "writer") })
    hiro.sync(py, js)
    local v = hiro.create(t, g, "1", "ogit/Question", {}, req)
    t:equal(req, v["ogit/_scope"], other, "the writer's vertex is in its default scope")
    py:expect{ json = { id = v["ogit/_id"] }, within = 2, req = req, what = "the event (subscribe, then register)" }
    js:expect{ json = { id = v["ogit/_id"] }, within = 2, req = req, what = "the event (register, then subscribe)" }
  end,
}

scenario {
  id = "hiro.graph.events",
  title = "update, replace, delete through the graph API appear as UPDATE, REPLACE, DELETE events with the element",
  covers = { "hiro.graph.events" },
  run = function(t)
    local req = "hiro.graph.events"
    local ws = hiro.events(t, { query = Q })
    hiro.register(ws, "all", "(element.ogit/_id = *)")
    local g = hiro.graph(t)
    hiro.sync(ws)
    local v = hiro.create(t, g, "1", "ogit/Question", { ["/a"] = "1" }, req)
    local id = v["ogit/_id"]
    ws:expect{ json = { id = id, type = "CREATE" }, within = 2, req = req }
    local u = hiro.call(t, g, "2", "update", { ["ogit/_id"] = id }, { ["/a"] = "2" }, req)
    local ev = ws:expect{ json = { id = id }, within = 2, req = req, what = "the UPDATE event" }
    t:equal(req, ev.type, "UPDATE", "type of the event for update")
    t:equal(req, ev.body, u, "the UPDATE body is the element the update answered")
    hiro.call(t, g, "3", "replace", { ["ogit/_id"] = id }, { ["/b"] = "x" }, req)
    ev = ws:expect{ json = { id = id }, within = 2, req = req, what = "the REPLACE event" }
    t:equal(req, ev.type, "REPLACE", "type of the event for replace")
    t:equal(req, ev.body["/b"], "x", "REPLACE body has the new attribute")
    hiro.call(t, g, "4", "delete", { ["ogit/_id"] = id }, {}, req)
    ev = ws:expect{ json = { id = id }, within = 2, req = req, what = "the DELETE event" }
    t:equal(req, ev.type, "DELETE", "type of the event for delete")
  end,
}

scenario {
  id = "hiro.events.edge-id",
  title = "connect and delete of an edge give CONNECT and DISCONNECT events with id out$$verb$$in and the edge as body",
  covers = { "hiro.events.edge-id" },
  run = function(t)
    local req = "hiro.events.edge-id"
    local ws = hiro.events(t, { query = Q })
    hiro.register(ws, "edges", "|(action=CONNECT)(action=DISCONNECT)")
    local g = hiro.graph(t)
    hiro.sync(ws)
    local a = hiro.create(t, g, "1", "ogit/Person", {}, req)["ogit/_id"]
    local b = hiro.create(t, g, "2", "ogit/Question", {}, req)["ogit/_id"]
    local edge = hiro.call(t, g, "3", "connect", { ["ogit/_type"] = "ogit/created" }, { out = a, ["in"] = b }, req)
    local want = a .. "$$ogit/created$$" .. b
    t:equal(req, edge["ogit/_id"], want, "the connect answer's edge id")
    local ev = ws:expect{ json = { type = "CONNECT" }, within = 2, req = req }
    t:equal(req, ev.id, want, "CONNECT event id")
    t:equal(req, ev.body["ogit/_out-id"], a, "edge body ogit/_out-id")
    t:equal(req, ev.body["ogit/_in-id"], b, "edge body ogit/_in-id")
    t:equal(req, ev.body["ogit/_graphtype"], "edge", "edge body ogit/_graphtype")
    hiro.call(t, g, "4", "delete", { ["ogit/_id"] = want }, {}, req)
    ev = ws:expect{ json = { type = "DISCONNECT" }, within = 2, req = req }
    t:equal(req, ev.id, want, "DISCONNECT event id")
  end,
}

scenario {
  id = "hiro.events.bad-message",
  title = "Malformed event-stream messages (not JSON, double-encoded, unknown type, missing fields, binary) get 400; the socket stays open",
  covers = { "hiro.events.bad-message" },
  run = function(t)
    local req = "hiro.events.bad-message"
    local ws = hiro.events(t, { query = Q })
    local bad = {
      "not json",
      json.encode(json.encode{ type = "subscribe", id = hiro.scope(t, "x") }), -- Python's subscribe_scope
      json.encode(json.encode{ type = "register", args = { ["filter-id"] = "f", ["filter-content"] = "(element.ogit/_id=*)" } }),
      "[1,2]",
      json.encode{ type = "subscribe" },
      json.encode{ type = "register", args = { ["filter-id"] = "f" } },
      json.encode{ type = "unsubscribe", id = "x" },
      json.encode{ args = {} },
    }
    for _, text in ipairs(bad) do
      ws:send_text(text)
      ws:expect{ json = { error = { code = 400 } }, within = 1, req = req, what = "400 for " .. text:sub(1, 30) }
    end
    ws:send_binary(json.encode{ type = "clear" })
    ws:expect{ json = { error = { code = 400 } }, within = 1, req = req, what = "400 for a binary frame" }
    -- the double-encoded register above must not have registered anything
    local g = hiro.graph(t)
    hiro.sync(ws)
    hiro.create(t, g, "1", "ogit/Question", {}, req)
    ws:expect_none{ within = 0.3, req = req, what = "an event for a filter sent double-encoded" }
    hiro.register(ws, "ok", "(element.ogit/_id=*)")
    hiro.sync(ws)
    local v = hiro.create(t, g, "2", "ogit/Question", {}, req)
    ws:expect{ json = { id = v["ogit/_id"] }, within = 2, req = req, what = "events after the errors" }
  end,
}
