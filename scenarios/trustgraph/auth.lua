-- Auth (the document's Authentication section; protocols/trustgraph.md §1.2). The
-- bundled server has no secret unless configured; the ctest run with a secret and the
-- auth faults use tg.SECRET. Whether a secret is set is read from REST, which answers
-- 401 without credentials only then.
local tg = require("trustgraph")

local function secret_set(t)
  local res = t:http("trustgraph", { method = "POST", path = "/api/v1/config", json = { operation = "list", type = "flow" } })
  return res.status == 401
end

local function attempt(t, path, subprotocols)
  return t:try_connect("trustgraph", { path = path, subprotocols = subprotocols })
end

scenario {
  id = "trustgraph.auth.open",
  title = "Without a secret, the socket opens with no token and with any token",
  covers = { "trustgraph.auth.open" },
  run = function(t)
    if secret_set(t) then t:skip("a secret is configured") end
    local req = "trustgraph.auth.open"
    for _, path in ipairs({ tg.PATH, tg.PATH .. "?token=anything" }) do
      local ws, err = attempt(t, path)
      t:check(req, ws ~= nil, path .. " opens", { received = err })
      if ws then
        tg.send(ws, "a", "config", { operation = "list", type = "flow" })
        ws:expect{ json = { id = "a" }, within = 2, req = req }
        ws:close()
      end
    end
  end,
}

scenario {
  id = "trustgraph.auth.token",
  title = "With a secret, ?token=<secret> opens the socket; no token or a wrong one gets 401 before the upgrade",
  covers = { "trustgraph.auth.token" },
  run = function(t)
    if not secret_set(t) then t:skip("no secret configured") end
    local req = "trustgraph.auth.token"
    for _, path in ipairs({ tg.PATH, tg.PATH .. "?token=wrong" }) do
      local ws, err = attempt(t, path)
      t:check(req, ws == nil and err and err.status == 401, path .. " is refused with 401",
              { expected = 401, received = ws and "connected" or err })
      if ws then ws:close() end
    end
    local ws, err = attempt(t, tg.PATH .. "?token=" .. tg.SECRET)
    t:check(req, ws ~= nil, "the right token opens the socket", { received = err })
    if ws then
      tg.send(ws, "a", "config", { operation = "list", type = "flow" })
      ws:expect{ json = { id = "a" }, within = 2, req = req }
    end
  end,
}

scenario {
  id = "trustgraph.spec.auth-subprotocol",
  title = "With a secret, offering it as a subprotocol (no ?token=) opens the socket and selects it",
  covers = { "trustgraph.spec.auth-subprotocol" },
  profiles = { "spec" },
  run = function(t)
    if not secret_set(t) then t:skip("no secret configured") end
    local req = "trustgraph.spec.auth-subprotocol"
    local ws, err = attempt(t, tg.PATH, { tg.SECRET })
    t:check(req, ws ~= nil, "the socket opens", { received = err })
    if ws then t:equal(req, ws.subprotocol, tg.SECRET, "the secret is the selected subprotocol") end
  end,
}

scenario {
  id = "trustgraph.gateway.auth-query-only",
  title = "With a secret, offering it only as a subprotocol is refused with 401",
  covers = { "trustgraph.gateway.auth-query-only" },
  profiles = { "gateway" },
  run = function(t)
    if not secret_set(t) then t:skip("no secret configured") end
    local req = "trustgraph.gateway.auth-query-only"
    local ws, err = attempt(t, tg.PATH, { tg.SECRET })
    t:check(req, ws == nil and err and err.status == 401, "refused with 401",
            { expected = 401, received = ws and "connected" or err })
  end,
}

scenario {
  id = "trustgraph.spec.rest-auth",
  title = "REST with a secret: no Authorization or a wrong Bearer token gets 401 {\"error\":\"Unauthorized\"}; Bearer <secret> gets 200",
  covers = { "trustgraph.spec.rest-auth" },
  profiles = { "spec" },
  run = function(t)
    if not secret_set(t) then t:skip("no secret configured") end
    local req = "trustgraph.spec.rest-auth"
    local body = { operation = "list-blueprints" }
    for _, h in ipairs({ { none = true }, { Authorization = "Bearer wrong" }, { Authorization = "Bearer" } }) do
      local headers = h.none and {} or h
      local what = h.none and "no Authorization" or ("Authorization: " .. h.Authorization)
      local res = tg.rest(t, "flow", body, nil, headers)
      t:equal(req, res.status, 401, what .. ": status")
      t:equal(req, res.json, { error = "Unauthorized" }, what .. ": the document's Unauthorized body")
    end
    local res = tg.rest(t, "flow", body, nil, { Authorization = "Bearer " .. tg.SECRET })
    t:equal(req, res.status, 200, "Bearer <secret>: status")
    t:check(req, type(res.json) == "table" and type(res.json["blueprint-names"]) == "table",
            "Bearer <secret>: the blueprint list", { received = res.body })
  end,
}
