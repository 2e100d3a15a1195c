-- Graph API reads beyond the plain element: meta, deleted vertices (includeDeleted) and
-- list attributes with listMeta, each with exact values.
local hiro = require("hiro")

-- The bodies of a multi answer (the closing null left out).
local function bodies(t, g, id, req)
  local out = {}
  for _, e in ipairs(hiro.collect_multi(g, id, req)) do
    t:require(req, e.error == nil, "request " .. id .. " succeeds", { received = e })
    if e.body ~= nil and e.body ~= json.null then out[#out + 1] = e.body end
  end
  return out
end

local function ids_of(list)
  local out = {}
  for _, v in ipairs(list) do out[#out + 1] = v["ogit/_id"] end
  return out
end

-- The error code of request id's answer (nil when it succeeded).
local function error_code(g, id, req)
  local a = hiro.answer(g, id, req)
  return a.error and a.error.code, a
end

scenario {
  id = "hiro.graph.meta",
  title = "meta answers the vertex's ogit/_ system attributes exactly, no free attributes; 404 once deleted",
  covers = { "hiro.graph.meta" },
  run = function(t)
    local req = "hiro.graph.meta"
    local g = hiro.graph(t)
    local v = hiro.create(t, g, "c", "ogit/Question", { ["/free"] = "x", ["ogit/_xid"] = "meta-" .. hiro.account(t) }, req)
    local id = v["ogit/_id"]
    local want = {}
    for k, val in pairs(v) do
      if k:sub(1, 6) == "ogit/_" then want[k] = val end
    end
    hiro.send(g, "m", "meta", { ["ogit/_id"] = id })
    local _, f = g:expect{ json = { id = "m" }, req = req, within = 3, what = "the answer to meta" }
    local a = f.json
    t:equal(req, a.multi, false, "meta is a single answer (multi:false)")
    t:equal(req, a.body, want, "the body is exactly the ogit/_ attributes of the vertex, /free left out")
    hiro.call(t, g, "d", "delete", { ["ogit/_id"] = id }, nil, req)
    hiro.send(g, "m2", "meta", { ["ogit/_id"] = id })
    t:equal(req, (error_code(g, "m2", req)), 404, "meta of the deleted vertex answers 404")
    hiro.send(g, "m3", "meta", { ["ogit/_id"] = "cjnothere0000_cjnothere0000" })
    t:equal(req, (error_code(g, "m3", req)), 404, "meta of an unknown id answers 404")
  end,
}

scenario {
  id = "hiro.graph.include-deleted",
  title = "A deleted vertex is 404 for get, history and streamts and left out of query vertices/ids, unless includeDeleted=true",
  covers = { "hiro.graph.include-deleted" },
  run = function(t)
    local req = "hiro.graph.include-deleted"
    local g = hiro.graph(t)
    local run = hiro.account(t)
    local gone = hiro.create(t, g, "c1", "ogit/Note", { ["/run"] = run, ["/n"] = "1" }, req)["ogit/_id"]
    local live = hiro.create(t, g, "c2", "ogit/Note", { ["/run"] = run, ["/n"] = "2" }, req)["ogit/_id"]
    hiro.call(t, g, "w", "writets", { ["ogit/_id"] = gone }, { items = { { timestamp = 1000, value = "7" } } }, req)
    local del = hiro.call(t, g, "d", "delete", { ["ogit/_id"] = gone }, nil, req)
    t:equal(req, del["ogit/_is-deleted"], true, "the delete answer is marked ogit/_is-deleted")

    hiro.send(g, "g1", "get", { ["ogit/_id"] = gone })
    t:equal(req, (error_code(g, "g1", req)), 404, "get of the deleted vertex without includeDeleted: 404")
    local got = hiro.call(t, g, "g2", "get", { ["ogit/_id"] = gone, includeDeleted = true }, nil, req)
    t:equal(req, { got["ogit/_id"], got["ogit/_is-deleted"], got["ogit/_deleted-on"], got["ogit/_deleted-by"], got["/n"] },
            { gone, true, del["ogit/_deleted-on"], hiro.account(t), "1" },
            "get with includeDeleted=true: the vertex, ogit/_is-deleted true, deleted-on/-by of the delete")
    local alive = hiro.call(t, g, "g3", "get", { ["ogit/_id"] = live }, nil, req)
    t:equal(req, alive["ogit/_is-deleted"], false, "a live vertex carries ogit/_is-deleted false")

    local q = "\\/run:" .. run
    hiro.send(g, "q1", "query", { type = "vertices" }, { query = q })
    t:equal(req, ids_of(bodies(t, g, "q1", req)), { live }, "query vertices leaves the deleted vertex out")
    hiro.send(g, "q2", "query", { type = "vertices" }, { query = q, includeDeleted = "true" })
    t:equal(req, ids_of(bodies(t, g, "q2", req)), { gone, live }, "query vertices with includeDeleted: both, creation order")
    hiro.send(g, "i1", "query", { type = "ids" }, { query = gone .. "," .. live })
    t:equal(req, ids_of(bodies(t, g, "i1", req)), { live }, "query ids leaves the deleted vertex out")
    hiro.send(g, "i2", "query", { type = "ids", includeDeleted = true }, { query = gone .. "," .. live })
    t:equal(req, ids_of(bodies(t, g, "i2", req)), { gone, live }, "query ids with includeDeleted: both, in the order asked")

    hiro.send(g, "h1", "history", { ["ogit/_id"] = gone })
    t:equal(req, (error_code(g, "h1", req)), 404, "history of the deleted vertex without includeDeleted: 404")
    hiro.send(g, "h2", "history", { ["ogit/_id"] = gone, includeDeleted = true })
    local versions = {}
    for _, b in ipairs(bodies(t, g, "h2", req)) do versions[#versions + 1] = { b["ogit/_v"], b["ogit/_is-deleted"] } end
    t:equal(req, versions, { { 1, false }, { 1, true } },
            "history with includeDeleted: the created version, then the deleted state last")

    hiro.send(g, "t1", "streamts", { ["ogit/_id"] = gone })
    t:equal(req, (error_code(g, "t1", req)), 404, "streamts of the deleted vertex without includeDeleted: 404")
    hiro.send(g, "t2", "streamts", { ["ogit/_id"] = gone, includeDeleted = true })
    t:equal(req, bodies(t, g, "t2", req), { { timestamp = 1000, value = "7" } }, "streamts with includeDeleted: its values")
  end,
}

scenario {
  id = "hiro.graph.list-meta",
  title = "listMeta=true wraps list values as {value, created} with the time each entered the list (get, query, history)",
  covers = { "hiro.graph.list-meta" },
  run = function(t)
    local req = "hiro.graph.list-meta"
    local g = hiro.graph(t)
    local run = hiro.account(t)
    local made = hiro.create(t, g, "c", "ogit/Note", { ["/run"] = run, ["/l"] = { "a", "b" }, ["/s"] = "x" }, req)
    local id, t1 = made["ogit/_id"], made["ogit/_modified-on"]
    t:sleep(0.05) -- the update gets a later millisecond than the create
    local upd = hiro.call(t, g, "u", "update", { ["ogit/_id"] = id }, { ["/l"] = { "a", "c" } }, req)
    local t2 = upd["ogit/_modified-on"]
    t:require(req, type(t1) == "number" and type(t2) == "number" and t2 > t1,
              "create and update carry increasing ogit/_modified-on", { received = { t1, t2 } })
    local now_list = { { value = "a", created = t1 }, { value = "c", created = t2 } }

    local plain = hiro.call(t, g, "g0", "get", { ["ogit/_id"] = id }, nil, req)
    t:equal(req, plain["/l"], { "a", "c" }, "get without listMeta: the plain list")
    local got = hiro.call(t, g, "g1", "get", { ["ogit/_id"] = id, listMeta = true }, nil, req)
    t:equal(req, got["/l"], now_list, "get with listMeta: \"a\" from the create, \"c\" from the update")
    t:equal(req, got["/s"], "x", "get with listMeta: a single-valued attribute stays as it is")

    hiro.send(g, "q", "query", { type = "vertices" }, { query = "\\/run:" .. run, listMeta = "true" })
    local found = bodies(t, g, "q", req)
    t:equal(req, found[1] and found[1]["/l"], now_list, "query vertices with listMeta: the same wrapped list")

    hiro.send(g, "h", "history", { ["ogit/_id"] = id, listMeta = true })
    local lists = {}
    for _, b in ipairs(bodies(t, g, "h", req)) do lists[#lists + 1] = b["/l"] end
    t:equal(req, lists, { { { value = "a", created = t1 }, { value = "b", created = t1 } }, now_list },
            "history with listMeta: each version's values with the time they entered the list")
  end,
}
