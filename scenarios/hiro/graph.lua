-- The graph API: id echo, single and list answers, errors, per-request tokens, me/getme.
local hiro = require("hiro")

scenario {
  id = "hiro.graph.id-echo",
  title = "Answers echo the request id verbatim with its JSON type: string \"7\", number 7, number 8 on an error",
  covers = { "hiro.graph.id-echo" },
  run = function(t)
    local req = "hiro.graph.id-echo"
    local g = hiro.graph(t)
    g:send_text('{"id":"7","type":"me","headers":{},"body":{}}')
    local _, f1 = g:expect{ json = { id = "7" }, within = 2, req = req, what = "the answer to string id \"7\"" }
    t:check(req, f1.data:find('"id":"7"', 1, true) ~= nil, "string id echoed as the string \"7\"", { received = f1.data })
    g:send_text('{"id":7,"type":"me","headers":{},"body":{}}')
    local _, f2 = g:expect{ match = function(v) return type(v) == "table" and v.id == 7 and math.type(v.id) == "integer" end,
                            within = 2, req = req, what = "the answer to numeric id 7" }
    t:check(req, f2.data:find('"id":7[,}]') ~= nil, "numeric id echoed as the number 7", { received = f2.data })
    g:send_text('{"id":8,"type":"get","headers":{"ogit/_id":"cjnothere0000_cjnothere0000"},"body":{}}')
    local _, f3 = g:expect{ match = function(v) return type(v) == "table" and v.error ~= nil end, within = 2, req = req }
    t:check(req, f3.data:find('"id":8[,}]') ~= nil, "numeric id echoed on an error answer", { received = f3.data })
  end,
}

scenario {
  id = "hiro.graph.single",
  title = "get, create, update and a count query answer one {id, multi:false, more:false, body}",
  covers = { "hiro.graph.single" },
  run = function(t)
    local req = "hiro.graph.single"
    local g = hiro.graph(t)
    hiro.send(g, "c", "create", { ["ogit/_type"] = "ogit/Question" }, { ["/x"] = "1", ["/run"] = hiro.account(t) })
    local c = hiro.answer(g, "c", req)
    t:equal(req, { c.multi, c.more }, { false, false }, "create: multi false, more false")
    local id = c.body["ogit/_id"]
    t:equal(req, c.body["ogit/_type"], "ogit/Question", "create answers the vertex")
    hiro.send(g, "g", "get", { ["ogit/_id"] = id })
    local a = hiro.answer(g, "g", req)
    t:equal(req, { a.multi, a.more, a.body }, { false, false, c.body }, "get: one envelope with the vertex")
    hiro.send(g, "u", "update", { ["ogit/_id"] = id }, { ["/x"] = "2" })
    local u = hiro.answer(g, "u", req)
    t:equal(req, { u.multi, u.body["/x"], u.body["ogit/_v"] }, { false, "2", 2 }, "update: multi false, new value, version 2")
    hiro.send(g, "n", "query", { type = "vertices" }, { query = "\\/run:" .. hiro.account(t), count = "true" })
    local n = hiro.answer(g, "n", req)
    t:equal(req, { n.multi, n.body }, { false, 1 }, "count query: one envelope with a number")
    g:expect_none{ within = 0.2, req = req, what = "a second envelope for any request" }
  end,
}

scenario {
  id = "hiro.graph.list",
  title = "A list query answers one item per {multi:true} envelope, more:false on the last; an empty list is one envelope with body null",
  covers = { "hiro.graph.list" },
  run = function(t)
    local req = "hiro.graph.list"
    local g = hiro.graph(t)
    local ids = {}
    for i = 1, 3 do
      ids[i] = hiro.create(t, g, "c" .. i, "ogit/Question", { ["/i"] = i, ["/run"] = hiro.account(t) }, req)["ogit/_id"]
    end
    hiro.send(g, "q", "query", { type = "ids" }, { query = table.concat(ids, ",") })
    local envs = hiro.collect_multi(g, "q", req)
    t:equal(req, #envs, 3, "three envelopes for three vertices")
    for i, e in ipairs(envs) do
      t:equal(req, { e.multi, e.more, e.body and e.body["ogit/_id"] }, { true, i < 3, ids[i] },
              "envelope " .. i .. ": multi true, more " .. tostring(i < 3) .. ", one vertex")
    end
    hiro.send(g, "v", "query", { type = "vertices" }, { query = "\\/run:" .. hiro.account(t), order = "/i desc" })
    envs = hiro.collect_multi(g, "v", req)
    local got = {}
    for _, e in ipairs(envs) do got[#got + 1] = e.body and e.body["ogit/_id"] end
    t:equal(req, got, { ids[3], ids[2], ids[1] }, "vertices query ordered /i desc")
    hiro.send(g, "e", "query", { type = "vertices" }, { query = "\\/run:nobody-has-this" })
    envs = hiro.collect_multi(g, "e", req)
    t:equal(req, #envs, 1, "an empty list is one envelope")
    t:equal(req, { envs[1].multi, envs[1].more, envs[1].body }, { true, false, json.null }, "empty: multi true, more false, body null")
    g:expect_none{ within = 0.2, req = req, what = "envelopes after more:false" }
  end,
}

scenario {
  id = "hiro.graph.errors",
  title = "Errors {id, error:{code, message}}: 404 unknown id, 409 duplicate connect, 400 unknown type, missing parameter, non-object JSON",
  covers = { "hiro.graph.errors" },
  run = function(t)
    local req = "hiro.graph.errors"
    local g = hiro.graph(t)
    local function err(id, code, what)
      local a = hiro.answer(g, id, req)
      t:check(req, a.error ~= nil and a.error.code == code and type(a.error.message) == "string",
              what .. " answers error " .. code, { expected = { id = id, error = { code = code } }, received = a })
    end
    hiro.send(g, "1", "get", { ["ogit/_id"] = "cjnothere0000_cjnothere0000" })
    err("1", 404, "get of an unknown id")
    hiro.send(g, "2", "update", { ["ogit/_id"] = "cjnothere0000_cjnothere0000" }, { ["/a"] = "b" })
    err("2", 404, "update of an unknown id")
    local a = hiro.create(t, g, "3", "ogit/Person", {}, req)["ogit/_id"]
    local b = hiro.create(t, g, "4", "ogit/Question", {}, req)["ogit/_id"]
    hiro.call(t, g, "5", "connect", { ["ogit/_type"] = "ogit/created" }, { out = a, ["in"] = b }, req)
    hiro.send(g, "6", "connect", { ["ogit/_type"] = "ogit/created" }, { out = a, ["in"] = b })
    err("6", 409, "a duplicate connect")
    hiro.send(g, "7", "frobnicate")
    err("7", 400, "an unknown type")
    hiro.send(g, "8", "get")
    err("8", 400, "get without ogit/_id")
    g:send_text("[1,2,3]")
    local e = g:expect{ json = { error = { code = 400 } }, within = 2, req = req, what = "400 for a JSON array" }
    t:check(req, e.id == nil, "no id to echo for a non-object request", { received = e })
    g:send_text("{not json")
    g:expect{ json = { error = { code = 400 } }, within = 2, req = req, what = "400 for non-JSON" }
    g:send_binary("\1\2\3")
    g:expect{ json = { error = { code = 400 } }, within = 2, req = req, what = "400 for a binary frame" }
    hiro.send(g, "9", "me")
    local me = hiro.answer(g, "9", req)
    t:check(req, me.body ~= nil, "the socket still answers after errors", { received = me })
  end,
}

scenario {
  id = "hiro.graph.request-token",
  title = "A bad per-request _TOKEN is answered 401 for that request; a good one acts as its account; the socket stays usable",
  covers = { "hiro.graph.request-token" },
  run = function(t)
    local req = "hiro.graph.request-token"
    local g = hiro.graph(t)
    hiro.send(g, "1", "me", {}, {}, hiro.jwt{ sub = hiro.account(t), key = "wrong-key" })
    local a = hiro.answer(g, "1", req)
    t:check(req, a.error ~= nil and a.error.code == 401, "wrong signature: 401", { received = a })
    hiro.send(g, "2", "me", {}, {}, hiro.jwt{ sub = hiro.account(t), ttl = -5 })
    a = hiro.answer(g, "2", req)
    t:check(req, a.error ~= nil and a.error.code == 401, "expired: 401", { received = a })
    local other = hiro.account(t, "other")
    hiro.send(g, "3", "create", { ["ogit/_type"] = "ogit/Question" }, {}, hiro.jwt{ sub = other })
    a = hiro.answer(g, "3", req)
    t:check(req, a.body ~= nil and a.body["ogit/_creator"] == other, "a good _TOKEN acts as its own account",
            { expected = other, received = a })
    hiro.send(g, "4", "me")
    a = hiro.answer(g, "4", req)
    t:check(req, a.body ~= nil and a.error == nil, "the connection's own token still works", { received = a })
  end,
}

scenario {
  id = "hiro.graph.me",
  title = "Both me and getme are answered with the account of the token",
  covers = { "hiro.graph.me" },
  run = function(t)
    local req = "hiro.graph.me"
    local g = hiro.graph(t)
    for i, typ in ipairs{ "me", "getme" } do
      hiro.send(g, "m" .. i, typ, { profile = true, ["me-type"] = "account" })
      local a = hiro.answer(g, "m" .. i, req)
      t:check(req, a.body ~= nil and type(a.body.account) == "table" and a.multi == false,
              typ .. " answers {account, profile}", { received = a })
    end
  end,
}

scenario {
  id = "hiro.graph.params",
  title = "Parameters are taken from headers or body; false means unset (the JS client's streamts defaults)",
  covers = { "hiro.graph.params" },
  run = function(t)
    local req = "hiro.graph.params"
    local g = hiro.graph(t)
    local v = hiro.create(t, g, "c", "ogit/Question", { ["/x"] = "1" }, req)
    local id = v["ogit/_id"]
    hiro.send(g, "h", "get", { ["ogit/_id"] = id })
    local from_headers = hiro.answer(g, "h", req)
    hiro.send(g, "b", "get", {}, { ["ogit/_id"] = id })
    local from_body = hiro.answer(g, "b", req)
    t:check(req, from_body.body ~= nil and from_body.body["ogit/_id"] == id, "ogit/_id in the body works",
            { expected = id, received = from_body })
    t:equal(req, from_body.body, from_headers.body, "same answer as with ogit/_id in the headers")
    hiro.call(t, g, "w", "writets", { ["ogit/_id"] = id }, { items = { { timestamp = 1000, value = "a" } } }, req)
    hiro.send(g, "s", "streamts", { ["ogit/_id"] = id, from = false, to = false, limit = 50, includeDeleted = false,
                                     with = json.array{} })
    local envs = hiro.collect_multi(g, "s", req)
    t:equal(req, #envs, 1, "streamts with from/to false answers the value")
    t:equal(req, envs[1].body, { timestamp = 1000, value = "a" }, "the value written")
  end,
}

scenario {
  id = "hiro.graph.timeseries",
  title = "writets publishes WRITE_TIMESERIES; streamts answers the values oldest first, from/to/limit applied",
  covers = { "hiro.graph.timeseries" },
  run = function(t)
    local req = "hiro.graph.timeseries"
    local ws = hiro.events(t, { query = { allscopes = "false" } })
    hiro.register(ws, "ts", "(action=WRITE_TIMESERIES)")
    local g = hiro.graph(t)
    hiro.sync(ws)
    local id = hiro.create(t, g, "c", "ogit/Timeseries", {}, req)["ogit/_id"]
    hiro.call(t, g, "w", "writets", { ["ogit/_id"] = id },
              { items = { { timestamp = 3000, value = "3" }, { timestamp = 1000, value = "1" }, { timestamp = 2000, value = "2" } } }, req)
    local ev = ws:expect{ json = { id = id, type = "WRITE_TIMESERIES" }, within = 2, req = req }
    t:equal(req, ev.body["ogit/_id"], id, "the event's body is the timeseries vertex")
    hiro.send(g, "s", "streamts", { ["ogit/_id"] = id })
    local got = {}
    for _, e in ipairs(hiro.collect_multi(g, "s", req)) do got[#got + 1] = e.body and e.body.timestamp end
    t:equal(req, got, { 1000, 2000, 3000 }, "streamts: every value, oldest first")
    hiro.send(g, "r", "streamts", { ["ogit/_id"] = id, from = 1500, to = 3000 })
    got = {}
    for _, e in ipairs(hiro.collect_multi(g, "r", req)) do got[#got + 1] = e.body and e.body.value end
    t:equal(req, got, { "2" }, "streamts from 1500 to 3000 (to excluded)")
  end,
}

scenario {
  id = "hiro.graph.history",
  title = "history answers every version oldest first, the current one last",
  covers = { "hiro.graph.history" },
  run = function(t)
    local req = "hiro.graph.history"
    local g = hiro.graph(t)
    local id = hiro.create(t, g, "c", "ogit/Question", { ["/x"] = "1" }, req)["ogit/_id"]
    hiro.call(t, g, "u1", "update", { ["ogit/_id"] = id }, { ["/x"] = "2" }, req)
    hiro.call(t, g, "u2", "update", { ["ogit/_id"] = id }, { ["/x"] = "3" }, req)
    hiro.send(g, "h", "history", { ["ogit/_id"] = id })
    local versions = {}
    for _, e in ipairs(hiro.collect_multi(g, "h", req)) do
      versions[#versions + 1] = e.body and { e.body["ogit/_v"], e.body["/x"] }
    end
    t:equal(req, versions, { { 1, "1" }, { 2, "2" }, { 3, "3" } }, "versions 1..3 with their values, oldest first")
  end,
}

scenario {
  id = "hiro.graph.query",
  title = "query ids keeps the order asked, vertices takes $placeholders from the body, gremlin follows edges",
  covers = { "hiro.graph.query" },
  run = function(t)
    local req = "hiro.graph.query"
    local g = hiro.graph(t)
    local run = hiro.account(t)
    local ids = {}
    for i = 1, 3 do
      ids[i] = hiro.create(t, g, "c" .. i, "ogit/Question", { ["/i"] = tostring(i), ["/run"] = run }, req)["ogit/_id"]
    end
    local function bodies(id)
      local out = {}
      for _, e in ipairs(hiro.collect_multi(g, id, req)) do if e.body ~= nil and e.body ~= json.null then out[#out + 1] = e.body end end
      return out
    end
    hiro.send(g, "ids", "query", { type = "ids" }, { query = ids[3] .. "," .. ids[1] .. ",cjnothere0000_cjnothere0000," .. ids[2] })
    local got = {}
    for _, b in ipairs(bodies("ids")) do got[#got + 1] = b["ogit/_id"] end
    t:equal(req, got, { ids[3], ids[1], ids[2] }, "ids in the order asked, the unknown one left out")
    hiro.send(g, "ph", "query", { type = "vertices" }, { query = "\\/run:" .. run .. " AND \\/i:$which", which = "2" })
    got = {}
    for _, b in ipairs(bodies("ph")) do got[#got + 1] = b["ogit/_id"] end
    t:equal(req, got, { ids[2] }, "placeholder $which = \"2\" from the body")
    hiro.call(t, g, "e1", "connect", { ["ogit/_type"] = "ogit/relates" }, { out = ids[1], ["in"] = ids[2] }, req)
    hiro.call(t, g, "e2", "connect", { ["ogit/_type"] = "ogit/relates" }, { out = ids[1], ["in"] = ids[3] }, req)
    hiro.send(g, "gr", "query", { type = "gremlin" }, { root = ids[1], query = "outE('ogit/relates').inV()" })
    got = {}
    for _, b in ipairs(bodies("gr")) do got[#got + 1] = b["ogit/_id"] end
    t:equal(req, got, { ids[2], ids[3] }, "gremlin outE().inV() from the root: both ends, in creation order")
  end,
}
