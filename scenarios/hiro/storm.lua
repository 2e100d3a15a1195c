-- Reconnect storm (protocols/hiro.md §5 item 22): Python reconnects at once after a server
-- Close and re-sends subscribe and register. 200 such cycles on one group while events
-- flow, every other one ending as Python ends (TCP closed without a Close frame, through
-- the raw client), the others with a Close; afterwards the group must behave as if the
-- storm had never been.
local hiro = require("hiro")

local CYCLES, OPEN_AT_ONCE, EVENT_EVERY = 200, 8, 10

local function member(t, group)
  local ws = hiro.events(t, { query = { groupId = group, offset = "largest", allscopes = "false" } })
  hiro.subscribe(ws, hiro.scope(t))
  hiro.register(ws, "all", "(element.ogit/_id=*)")
  return ws
end


-- A member as Python makes one, over the raw client; ended with close_tcp.
local function raw_member(t, group)
  local r = t:raw_ws("hiro", { path = hiro.EVENTS_PATH .. "?allscopes=false&groupId=" .. group .. "&offset=largest",
                               protocols = { hiro.EVENTS, "token-" .. hiro.user_token(t) } })
  r:send_frame{ opcode = "text", payload = json.encode{ type = "subscribe", id = hiro.scope(t) } }
  r:send_frame{ opcode = "text", payload = json.encode{ type = "register", args = {
    ["filter-id"] = "all", ["filter-type"] = "jfilter", ["filter-content"] = "(element.ogit/_id=*)" } } }
  return r
end

scenario {
  id = "hiro.robust.reconnect-storm",
  title = "200 immediate connect/subscribe/register/close cycles on one group (half ending TCP without a Close): no event twice, no dead member keeps events, the server still serves",
  covers = { "hiro.robust.reconnect-storm" },
  timeout = 60,
  run = function(t)
    local req = "hiro.robust.reconnect-storm"
    local group = "storm-" .. hiro.account(t)
    local g = hiro.graph(t)
    local steady = member(t, group)
    hiro.sync(steady)
    local got = {}   -- event id -> how many group sockets received it
    local order = {} -- ids as received, for the message
    local function seen(v)
      if type(v) == "table" and v.type and v.id then
        got[v.id] = (got[v.id] or 0) + 1
        order[#order + 1] = v.id
      end
    end
    local function count(ws)
      for _, f in ipairs(ws:inbox()) do seen(f.json) end
    end
    local function end_member(m)
      if m.raw then
        while true do
          local f = m.raw:recv_frame(1)
          if not f then break end
          if f.kind == "text" then seen(json.decode(f.payload)) end
        end
        m.raw:close_tcp()
      else
        count(m.ws)
        m.ws:close()
      end
    end
    local ring, published = {}, {}
    for i = 1, CYCLES do
      ring[#ring + 1] = i % 2 == 0 and { raw = raw_member(t, group) } or { ws = member(t, group) }
      if #ring > OPEN_AT_ONCE then end_member(table.remove(ring, 1)) end
      if i % EVENT_EVERY == 0 then
        published[#published + 1] = hiro.create(t, g, "s" .. i, "ogit/Question", { ["/run"] = hiro.account(t) }, req)["ogit/_id"]
      end
    end
    for _, m in ipairs(ring) do end_member(m) end
    t:sleep(0.3) -- the server handles the last closes before the checks below publish again
    count(steady)
    local twice = {}
    for id, n in pairs(got) do
      if n > 1 then twice[#twice + 1] = id end
    end
    t:equal(req, twice, {}, "during the storm no event reached two sockets of the group")
    local unknown = {}
    for id in pairs(got) do
      local known = false
      for _, p in ipairs(published) do known = known or p == id end
      if not known then unknown[#unknown + 1] = id end
    end
    t:equal(req, unknown, {}, "the group received only the events published during the storm")

    -- the steady member is now the group's only member: every new event is its own
    local drain = steady:inbox()
    for _ = 1, #drain do steady:expect{ match = function() return true end, within = 1, req = req } end
    local after = {}
    for i = 1, 10 do
      after[i] = hiro.create(t, g, "a" .. i, "ogit/Question", { ["/run"] = hiro.account(t) }, req)["ogit/_id"]
    end
    local evs = steady:collect{ count = 10, match = function(v) return type(v) == "table" and v.type ~= nil end,
                                within = 3, req = req, what = "the 10 events published after the storm" }
    local ids = {}
    for i, e in ipairs(evs) do ids[i] = e.id end
    t:equal(req, ids, after, "after the storm the group's only member receives every new event, in order")

    -- a fresh member shares the stream with it: together they get each event exactly once
    local fresh = member(t, group)
    hiro.sync(fresh, steady)
    local last = {}
    for i = 1, 6 do
      last[i] = hiro.create(t, g, "f" .. i, "ogit/Question", { ["/run"] = hiro.account(t) }, req)["ogit/_id"]
    end
    local both = {}
    for _, e in ipairs(hiro.inbox_events(t, steady, 0.4)) do both[#both + 1] = e.id end
    for _, e in ipairs(hiro.inbox_events(t, fresh, 0)) do both[#both + 1] = e.id end
    t:equal(req, hiro.sorted_ids(both), hiro.sorted_ids(last), "a fresh member and the steady one get the 6 new events once between them")

    local again = hiro.graph(t)
    hiro.send(again, "me", "me")
    local a = hiro.answer(again, "me", req)
    t:check(req, a.body ~= nil, "a new graph connection is answered after the storm", { received = a })
  end,
}
