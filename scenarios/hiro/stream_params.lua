-- The event stream's query parameters: delta, allscopes, groupId and offset.
local hiro = require("hiro")

scenario {
  id = "hiro.events.delta",
  title = "delta=true: body keys prefixed + added, - removed, = changed; delta=false: the whole element",
  covers = { "hiro.events.delta" },
  run = function(t)
    local req = "hiro.events.delta"
    local d = hiro.events(t, { query = { allscopes = "false", delta = "true" } })
    local full = hiro.events(t, { query = { allscopes = "false", delta = "false" } })
    hiro.register(d, "all", "(element.ogit/_id=*)")
    hiro.register(full, "all", "(element.ogit/_id=*)")
    local g = hiro.graph(t)
    hiro.sync(d, full)
    local v = hiro.create(t, g, "1", "ogit/Question", { ["/a"] = "1", ["/b"] = "2", ["/keep"] = "k" }, req)
    local id = v["ogit/_id"]
    local c = d:expect{ json = { id = id, type = "CREATE" }, within = 2, req = req }
    t:equal(req, c.body["+/a"], "1", "CREATE delta: +/a")
    t:equal(req, c.body["+ogit/_id"], id, "CREATE delta: +ogit/_id")
    full:expect{ json = { id = id, type = "CREATE" }, within = 2, req = req }
    local u = hiro.call(t, g, "2", "update", { ["ogit/_id"] = id }, { ["/a"] = "3", ["/b"] = json.null, ["/c"] = "4" }, req)
    local ev = d:expect{ json = { id = id, type = "UPDATE" }, within = 2, req = req }
    t:equal(req, ev.body["=/a"], "3", "changed attribute as =/a with the new value")
    t:equal(req, ev.body["-/b"], "2", "removed attribute as -/b with the old value")
    t:equal(req, ev.body["+/c"], "4", "added attribute as +/c")
    t:equal(req, ev.body["=ogit/_v"], u["ogit/_v"], "the version change as =ogit/_v")
    local plain = {}
    for k in pairs(ev.body) do
      local p = k:sub(1, 1)
      if p ~= "+" and p ~= "-" and p ~= "=" then plain[#plain + 1] = k end
    end
    t:equal(req, plain, {}, "every delta key carries a prefix")
    t:check(req, ev.body["=/keep"] == nil and ev.body["/keep"] == nil, "unchanged attributes are left out",
            { expected = "no /keep", received = ev.body })
    local f = full:expect{ json = { id = id, type = "UPDATE" }, within = 2, req = req }
    t:equal(req, f.body, u, "delta=false: the whole element after the update")
  end,
}

scenario {
  id = "hiro.events.allscopes",
  title = "allscopes=false: only the default scope until subscribe adds another; allscopes=true: every scope",
  covers = { "hiro.events.allscopes" },
  run = function(t)
    local req = "hiro.events.allscopes"
    local mine = hiro.events(t, { query = { allscopes = "false" } })
    hiro.register(mine, "all", "(element./run=" .. hiro.account(t) .. ")")
    local every = hiro.events(t, { query = { allscopes = "true" } })
    hiro.register(every, "all", "(element./run=" .. hiro.account(t) .. ")")
    local g_mine = hiro.graph(t)
    local g_other = hiro.graph(t, { token = hiro.user_token(t, "other") })
    hiro.sync(mine, every)
    local tag = { ["/run"] = hiro.account(t) }
    local a = hiro.create(t, g_mine, "1", "ogit/Question", tag, req)["ogit/_id"]
    local b = hiro.create(t, g_other, "1", "ogit/Question", tag, req)["ogit/_id"]
    t:equal(req, hiro.inbox_ids(t, mine, 0.3), a, "allscopes=false: only the default scope's vertex")
    t:equal(req, hiro.inbox_ids(t, every, 0), hiro.sorted_ids{ a, b }, "allscopes=true: both scopes")
    mine:expect{ json = { id = a }, req = req }
    hiro.subscribe(mine, hiro.scope(t, "other"))
    hiro.sync(mine)
    local c = hiro.create(t, g_other, "2", "ogit/Question", tag, req)["ogit/_id"]
    mine:expect{ json = { id = c }, within = 2, req = req, what = "the subscribed scope's event" }
  end,
}

-- Creates n vertices tagged for this scenario; returns their ids in order.
local function make(t, g, n, prefix, req)
  local ids = {}
  for i = 1, n do
    ids[i] = hiro.create(t, g, prefix .. i, "ogit/Question", { ["/run"] = hiro.account(t) }, req)["ogit/_id"]
  end
  return ids
end

local function group_socket(t, group, offset)
  local ws = hiro.events(t, { query = { groupId = group, offset = offset or "largest", allscopes = "false" } })
  hiro.register(ws, "all", "(element.ogit/_id=*)")
  return ws
end

local function split_check(t, req, members, ids)
  local got, seen = {}, {}
  local dup = false
  for i, ws in ipairs(members) do
    for _, e in ipairs(hiro.inbox_events(t, ws, i == 1 and 0.4 or 0)) do
      if seen[e.id] then dup = true end
      seen[e.id] = true
      got[#got + 1] = e.id
    end
  end
  t:check(req, not dup, #members .. " members: no event reaches two members", { received = got })
  t:equal(req, hiro.sorted_ids(got), hiro.sorted_ids(ids), #members .. " members: together they receive every event once")
  for i, ws in ipairs(members) do
    t:check(req, #ws:inbox() < #ids, #members .. " members: member " .. i .. " does not get every event",
            { expected = "< " .. #ids, received = #ws:inbox() })
  end
end

scenario {
  id = "hiro.events.groups",
  title = "Sockets sharing a groupId split the stream: each event to exactly one of two, then of three members",
  covers = { "hiro.events.groups" },
  run = function(t)
    local req = "hiro.events.groups"
    local g = hiro.graph(t)
    local two = { group_socket(t, "g2-" .. hiro.account(t)), group_socket(t, "g2-" .. hiro.account(t)) }
    hiro.sync(table.unpack(two))
    split_check(t, req, two, make(t, g, 6, "a", req))
    local three = { group_socket(t, "g3-" .. hiro.account(t)), group_socket(t, "g3-" .. hiro.account(t)),
                    group_socket(t, "g3-" .. hiro.account(t)) }
    hiro.sync(table.unpack(three))
    split_check(t, req, three, make(t, g, 9, "b", req))
  end,
}

scenario {
  id = "hiro.events.replay",
  title = "A group member reconnecting with offset=smallest receives what the group missed; with offset=largest it does not",
  covers = { "hiro.events.replay" },
  run = function(t)
    local req = "hiro.events.replay"
    local g = hiro.graph(t)
    local grp_s, grp_l = "rs-" .. hiro.account(t), "rl-" .. hiro.account(t)
    local s1 = group_socket(t, grp_s)
    local l1 = group_socket(t, grp_l)
    hiro.sync(s1, l1)
    local before = make(t, g, 1, "p", req)
    s1:expect{ json = { id = before[1] }, within = 2, req = req, what = "the event while connected" }
    l1:expect{ json = { id = before[1] }, within = 2, req = req, what = "the event while connected" }
    s1:close()
    l1:close()
    t:sleep(0.2)
    local missed = make(t, g, 3, "m", req)
    local s2 = group_socket(t, grp_s, "smallest")
    local l2 = group_socket(t, grp_l, "largest")
    t:equal(req, hiro.inbox_ids(t, s2, 0.4), hiro.sorted_ids(missed), "offset=smallest: the three missed events")
    local order = {}
    for _, e in ipairs(hiro.inbox_events(t, s2, 0)) do order[#order + 1] = e.id end
    t:equal(req, order, missed, "missed events oldest first")
    t:equal(req, hiro.inbox_ids(t, l2, 0), "", "offset=largest: nothing missed is replayed")
    local after = make(t, g, 1, "n", req)
    l2:expect{ json = { id = after[1] }, within = 2, req = req, what = "new events after reconnecting with largest" }
  end,
}
