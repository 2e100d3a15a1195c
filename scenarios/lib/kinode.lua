-- Kinode helpers for scenarios: tokens (valid and deliberately invalid), the auth cookie,
-- WsRegister messages, and the commands of the echo process.
-- Node name, JWT secret and password hash are the reference server's defaults
-- (reference-server/README.md, Kinode); an external node under test must be configured
-- with the same values and run the same processes.
local M = {}

M.NODE = "fake.dev"
M.SECRET = "wsconf-kinode-jwt-secret"
M.PASSWORD_HASH = "wsconf"
M.COOKIE = "kinode-auth_" .. M.NODE

M.ECHO = "echo:conformance:sys"               -- binds "/" (authenticated), "/public", "/secure" (secure)
M.WS_SERVER = "ws-server:ws-server:template.os" -- the book's example, "/" unauthenticated
M.CHAT = "chat:chat:template.os"              -- the kit chat template, "/" authenticated
M.ECHO_PATH = "/" .. M.ECHO
M.PUBLIC_PATH = "/" .. M.ECHO .. "/public"
M.SECURE_PATH = "/" .. M.ECHO .. "/secure"
-- The echo process's secure subdomain: "<package>-<publisher>", non-alphanumerics as '-'.
M.SECURE_HOST = "conformance-sys"

M.FUTURE = 4102444800   -- 2100-01-01: a token that does not expire during a run
M.PAST = 1600000000     -- 2020-09-13: an expired token

-- An HS256 JWT over the given header and claims texts, signed with key.
function M.sign(header_json, claims_json, key)
  local input = crypto.base64url(header_json) .. "." .. crypto.base64url(claims_json)
  return input .. "." .. crypto.base64url(crypto.hmac_sha256(key, input))
end

-- Kinode's claims, in its key order.
function M.claims(node, expiration)
  return '{"username":' .. json.encode(node) .. ',"subdomain":null,"expiration":' .. tostring(expiration) .. '}'
end

function M.token(node, expiration, key)
  return M.sign('{"alg":"HS256"}', M.claims(node or M.NODE, expiration or M.FUTURE), key or M.SECRET)
end

-- The tokens the suite needs.
function M.valid_token() return M.token() end
function M.wrong_key_token() return M.token(M.NODE, M.FUTURE, "not-the-node-secret") end
function M.other_node_token() return M.token("other.dev", M.FUTURE, M.SECRET) end
function M.expired_token() return M.token(M.NODE, M.PAST, M.SECRET) end
function M.malformed_token() return "not-a-jwt" end

function M.cookies(token)
  return { [M.COOKIE] = token or M.valid_token() }
end

-- A node token for a secure subdomain binding of process (claim subdomain = process).
function M.subdomain_token(process, expiration, key)
  local claims = '{"username":' .. json.encode(M.NODE) .. ',"subdomain":' .. json.encode(process) ..
                 ',"expiration":' .. tostring(expiration or M.FUTURE) .. '}'
  return M.sign('{"alg":"HS256"}', claims, key or M.SECRET)
end

-- The cookie of the echo process's secure binding, kinode-auth_<node>@<process-id>.
function M.secure_cookies(token)
  return { [M.COOKIE .. "@" .. M.ECHO] = token }
end

-- A connection that must open; a refusal is a failed check of req that ends the scenario.
-- While another scenario holds the node at its channel cap an upgrade is refused with 404,
-- so a 404 is retried for a short while (opts.retry_for seconds, default 3).
function M.open(t, req, path, opts)
  opts = opts or {}
  local o = { path = path, cookies = opts.cookies, headers = opts.headers, subprotocols = opts.subprotocols }
  local deadline = t:now() + (opts.retry_for or 3)
  while true do
    local ws, err = t:try_connect("kinode", o)
    if ws then return ws end
    if err.status ~= 404 or t:now() >= deadline then
      t:require(req, false, "upgrade to " .. path .. " accepted",
                { expected = "101 Switching Protocols", received = err.status or err.message })
    end
    t:sleep(0.05)
  end
end

-- A raw connection (t:raw_ws) that must be upgraded; a 404 is retried like M.open (the
-- node may be at its channel cap because of another scenario), anything else fails req.
function M.raw_open(t, req, path, opts)
  opts = opts or {}
  local deadline = t:now() + (opts.retry_for or 3)
  while true do
    local r = t:raw_ws("kinode", { path = path, cookies = opts.cookies, version = opts.version })
    if r.upgraded then return r end
    if r.status ~= 404 or t:now() >= deadline then
      t:require(req, false, "raw upgrade to " .. path .. " accepted",
                { expected = "101 Switching Protocols", received = r.status })
    end
    t:sleep(0.05)
  end
end

-- Sends a command to the echo process as a masked text frame.
function M.raw_cmd(r, cmd)
  return r:send_frame{ opcode = "text", payload = json.encode(cmd) }
end

-- The next frame of r, or a failed check of req naming what was awaited.
function M.raw_next(t, r, req, what, timeout_ms)
  local f, why = r:recv_frame(timeout_ms or 2000)
  if not f then t:fail(req, "expected " .. what, { expected = what, received = why }) end
  return f
end

-- A refused upgrade: returns the HTTP status (nil when the connection opened, which is
-- closed again at once).
function M.refused_status(t, path, cookies)
  local ws, err = t:try_connect("kinode", { path = path, cookies = cookies })
  if ws then
    ws:close(1000)
    return nil
  end
  return err.status
end

-- The document's WsRegister as JSON text; fields may be overridden (json.absent drops one).
function M.register_text(fields)
  local msg = { auth_token = M.valid_token(), target_process = M.ECHO, encrypted = false }
  for k, v in pairs(fields or {}) do
    if v == json.absent then msg[k] = nil else msg[k] = v end
  end
  return json.encode(msg)
end

-- Opens the register endpoint "/" and sends a WsRegister (text unless binary); returns ws.
function M.register(t, fields, binary)
  local ws = M.open(t, "kinode.reg.endpoint", "/")
  local text = M.register_text(fields)
  if binary then ws:send_binary(text) else ws:send_text(text) end
  return ws
end

-- Matcher of the registration reply (any frame with a channel_id; the exact form is
-- checked by the scenario).
function M.channel_reply(req)
  return { req = req, what = "the registration reply {\"channel_id\":N}",
           match = function(v) return type(v) == "table" and v.channel_id ~= nil end }
end

-- After a refused WsRegister: no frame at all, then a Close without status.
function M.expect_refused(ws, req)
  ws:expect_none{ within = 0.5, req = req, what = "no frame after a refused WsRegister" }
  ws:expect_close{ code = 1005, req = "kinode.reg.refusal-close" }
end

-- Echo process commands.
function M.info(ws, req)
  ws:send_json{ cmd = "info" }
  return ws:expect{ kind = "text", req = req,
                    match = function(v) return type(v) == "table" and v.channel_id ~= nil and v.path ~= nil end,
                    what = "the echo process's info" }
end

function M.events(ws, req)
  ws:send_json{ cmd = "events" }
  local v = ws:expect{ kind = "text", req = req, what = "the echo process's event log",
                       match = function(x) return type(x) == "table" and x.events ~= nil end }
  return v.events
end

-- The WebSocketPush entries of an event log, in order.
function M.pushes(events)
  local out = {}
  for _, e in ipairs(events) do
    if e.WebSocketPush then
      out[#out + 1] = { type = e.WebSocketPush.message_type, hex = e.blob_hex, len = e.blob_len }
    end
  end
  return out
end

function M.has_error(events, name)
  for _, e in ipairs(events) do
    if e.Err == name then return true end
  end
  return false
end

return M
