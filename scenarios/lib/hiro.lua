-- HIRO helpers for scenarios: tokens, connections to both endpoints, graph requests
-- and the reassembly of multi-part answers.
-- Tokens are signed with the reference server's token key (its config key
-- "token_key", default below): an external target needs tokens of its own IAM instead.
-- Scenarios run at once against one server, so each works in its own scope (the
-- token's default scope) and listens with allscopes=false, or filters on its own values.
local M = {}

M.KEY = "wsconf-hiro-token-key"
M.EVENTS = "events-1.0.0"
M.GRAPH = "graph-2.0.0"
M.EVENTS_PATH = "/api/events-ws/6.2/"
M.GRAPH_PATH = "/api/graph-ws/6.1/"

local function b64url_json(v) return crypto.base64url(json.encode(v)) end

-- A JWT (HS256) for account sub, valid for ttl seconds (default 600; negative: already
-- expired); opts.scope adds data.default-scope, opts.key signs with another key. For
-- per-request _TOKEN, the token message and HTTP.
function M.jwt(opts)
  opts = opts or {}
  local head = b64url_json{ alg = "HS256", typ = "JWT" }
  local claims = { sub = opts.sub or "anon", exp = os.time() + (opts.ttl or 600), iat = os.time() }
  if opts.scope then claims.data = { ["default-scope"] = opts.scope } end
  local signing = head .. "." .. b64url_json(claims)
  return signing .. "." .. crypto.base64url(crypto.hmac_sha256(opts.key or M.KEY, signing))
end

-- A compact token "<sub>.<exp>.<mac>" (reference-server/hiro/hiro_compact_token.c): the
-- form that fits the handshake offer, whose entries libwebsockets limits to 63 bytes.
function M.token(opts)
  opts = opts or {}
  local signing = (opts.sub or "anon") .. "." .. tostring(os.time() + (opts.ttl or 600))
  return signing .. "." .. crypto.base64url(crypto.hmac_sha256(opts.key or M.KEY, signing)):sub(1, 22)
end

-- A short account name unique to the scenario (and suffix): 8 base64url characters of a
-- hash, so that scenarios running at once on one server never share an account or scope.
function M.account(t, suffix)
  return crypto.base64url(crypto.sha256(t.id .. "/" .. (suffix or ""))):sub(1, 8)
end
-- The account's default scope on the reference server (its token names none).
function M.scope(t, suffix) return M.account(t, suffix) end
function M.user_token(t, suffix, ttl) return M.token{ sub = M.account(t, suffix), ttl = ttl } end

local function query_string(q)
  if not q then return "" end
  local keys = {}
  for k in pairs(q) do keys[#keys + 1] = k end
  table.sort(keys)
  local parts = {}
  for _, k in ipairs(keys) do parts[#parts + 1] = k .. "=" .. tostring(q[k]) end
  return "?" .. table.concat(parts, "&")
end

-- Event stream socket. opts: token, query (table), path, subprotocols (replaces the offer).
function M.events(t, opts)
  opts = opts or {}
  local tok = opts.token or M.user_token(t)
  return t:connect("hiro", { path = (opts.path or M.EVENTS_PATH) .. query_string(opts.query),
                             subprotocols = opts.subprotocols or { M.EVENTS, "token-" .. tok } })
end

-- Graph API socket. opts: token, path, subprotocols.
function M.graph(t, opts)
  opts = opts or {}
  local tok = opts.token or M.user_token(t)
  return t:connect("hiro", { path = opts.path or M.GRAPH_PATH,
                             subprotocols = opts.subprotocols or { M.GRAPH, "token-" .. tok } })
end

function M.register(ws, id, content)
  ws:send_json{ type = "register", args = { ["filter-id"] = id, ["filter-type"] = "jfilter",
                                            ["filter-content"] = content } }
end

function M.subscribe(ws, scope) ws:send_json{ type = "subscribe", id = scope } end

-- Waits until the server has handled everything sent so far on event-stream sockets:
-- messages on one socket are handled in order, so the 400 answer to a message of an
-- unknown type proves the ones before it (register, subscribe, ...) took effect before
-- another socket makes changes.
function M.sync(...)
  for _, ws in ipairs{ ... } do
    ws:send_json{ type = "wsconf-sync" }
    ws:expect{ match = function(v) return type(v) == "table" and type(v.error) == "table"
                                          and tostring(v.error.message):find("wsconf-sync", 1, true) ~= nil end,
               within = 3, what = "the answer to a sync message" }
  end
end

-- Sends a graph request.
function M.send(ws, id, typ, headers, body, token)
  ws:send_json{ id = id, type = typ, headers = headers or {}, body = body or {}, _TOKEN = token }
end

-- The single answer (or error) to request id.
function M.answer(ws, id, req, within)
  return ws:expect{ json = { id = id }, req = req, within = within or 3, what = "the answer to request " .. tostring(id) }
end

-- A request and its single answer's body (errors end the scenario with a failed check of req).
function M.call(t, ws, id, typ, headers, body, req)
  M.send(ws, id, typ, headers, body)
  local a = M.answer(ws, id, req)
  t:require(req, a.error == nil, typ .. " request " .. tostring(id) .. " succeeds",
            { expected = "an answer with body", received = a })
  return a.body
end

-- Creates a vertex of type with attrs; returns it.
function M.create(t, ws, id, typ, attrs, req)
  return M.call(t, ws, id, "create", { ["ogit/_type"] = typ }, attrs, req)
end

-- All envelopes of a multi-part answer to id, until more=false (or an error); returns the
-- envelopes in arrival order.
function M.collect_multi(ws, id, req, within)
  local envs = ws:collect{ json = { id = id }, req = req, within = within or 5,
    terminal = { match = function(v) return type(v) == "table" and v.id == id and (v.more == false or v.error ~= nil) end },
    what = "the multi-part answer to request " .. tostring(id) }
  return envs
end

-- The events in ws's inbox after waiting secs (left in the inbox), as decoded values.
function M.inbox_events(t, ws, secs)
  t:sleep(secs or 0.3)
  local out = {}
  for _, f in ipairs(ws:inbox()) do
    if f.json and f.json.type then out[#out + 1] = f.json end
  end
  return out
end

-- The ids of those events, sorted, joined by spaces (for exact set comparison).
function M.inbox_ids(t, ws, secs)
  local ids = {}
  for _, e in ipairs(M.inbox_events(t, ws, secs)) do ids[#ids + 1] = tostring(e.id) end
  table.sort(ids)
  return table.concat(ids, " ")
end

function M.sorted_ids(list)
  local ids = {}
  for _, v in ipairs(list) do ids[#ids + 1] = v end
  table.sort(ids)
  return table.concat(ids, " ")
end

return M
