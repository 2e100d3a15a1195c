-- The raw WebSocket connection (harness/README.md "Raw WebSocket connections"): adds
-- t:raw_ws and t:try_raw_ws to the test object. Written on the raw_* primitives of
-- `_wsc` (lua_raw.c). Waiting steps pump the socket in short slices, since it is not on
-- the libwebsockets loop. Compiled into the wsconf binary.
local C, T = ...

-- How often a waiting raw step looks at its socket (seconds).
local SLICE = 0.005
-- Largest message recv_message reassembles (the frame decoder caps single frames).
local MAX_MESSAGE = 16 * 1024 * 1024

local function raise(msg)
  error(C.where() .. ": " .. msg, 0)
end

local function header_block(opts)
  local lines = {}
  local function add(name, value)
    name, value = tostring(name), tostring(value)
    if name:find("[\r\n:]") or value:find("[\r\n]") then
      raise("raw_ws: header " .. name .. " contains CR, LF or a colon in its name")
    end
    if name:lower() == "sec-websocket-key" then
      raise("raw_ws: Sec-WebSocket-Key is the runner's own (it checks Sec-WebSocket-Accept against it)")
    end
    lines[#lines + 1] = name .. ": " .. value .. "\r\n"
  end
  if opts.headers ~= nil then
    if type(opts.headers) ~= "table" then raise("raw_ws: headers must be a table name -> value") end
    local names = {}
    for k in pairs(opts.headers) do names[#names + 1] = k end
    table.sort(names)
    for _, k in ipairs(names) do add(k, opts.headers[k]) end
  end
  if opts.cookies ~= nil then
    if type(opts.cookies) ~= "table" then raise("raw_ws: cookies must be a table name -> value") end
    local names, parts = {}, {}
    for k in pairs(opts.cookies) do names[#names + 1] = k end
    table.sort(names)
    for _, k in ipairs(names) do parts[#parts + 1] = k .. "=" .. tostring(opts.cookies[k]) end
    if #parts > 0 then add("Cookie", table.concat(parts, "; ")) end
  end
  if #lines == 0 then return nil end
  return table.concat(lines)
end

local function check_opts(opts)
  local known = { path = "string", headers = "table", cookies = "table", protocols = "any",
                  version = "any", within = "number", check_accept = "boolean" }
  for k, v in pairs(opts) do
    local want = known[k]
    if not want then raise("raw_ws: unknown option '" .. tostring(k) .. "'") end
    if want ~= "any" and type(v) ~= want then
      raise("raw_ws: option " .. k .. " must be a " .. want .. " (got " .. type(v) .. ")")
    end
  end
end

local function protocols_value(p)
  if p == nil then return nil end
  if type(p) == "string" then return p end
  if type(p) == "table" then
    for i, v in ipairs(p) do
      if type(v) ~= "string" then raise("raw_ws: protocols[" .. i .. "] must be a string") end
    end
    return #p > 0 and table.concat(p, ", ") or nil
  end
  raise("raw_ws: protocols must be a string or a list of strings")
end

local function version_value(v)
  if v == nil then return nil end
  if math.type(v) == "integer" then return tostring(v) end
  if type(v) == "string" then
    if v:find("[\r\n]") then raise("raw_ws: version contains CR or LF") end
    return v
  end
  raise("raw_ws: version must be an integer or a string")
end

---------------------------------------------------------------------------------------
-- A raw connection r

local R = {}
local R_MT = {}

R_MT.__index = function(self, k)
  if k == "peer_closed" then
    local _, closed = C.raw_step(rawget(self, "_h"))
    return closed
  end
  return R[k]
end

local function sc_of(self)
  return rawget(self, "_t")._sc
end

-- Waits until pred() is true or `until` passes, pumping the socket. Returns pred's value.
local function pump_until(self, untl, what, pred)
  local h = rawget(self, "_h")
  while true do
    C.raw_step(h)
    local v = pred()
    if v then return v end
    local now = C.now()
    if now >= untl then return nil end
    C.wait(sc_of(self), math.min(untl, now + SLICE), what)
  end
end

local OPCODES = { continuation = 0, text = 1, binary = 2, close = 8, ping = 9, pong = 10 }
local NAMES = {}
for k, v in pairs(OPCODES) do NAMES[v] = k end

local function open_for_frames(self, what)
  local st = C.raw_step(rawget(self, "_h"))
  if rawget(self, "_dropped") then raise(what .. " after r:close_tcp()") end
  if st == "refused" then raise(what .. " on a connection whose upgrade was refused (HTTP " .. self.status .. ")") end
  return st
end

-- Waits until the queued bytes are written: true, or false and why.
local function flush(self, within, what)
  local h = self._h
  pump_until(self, C.now() + within, what, function()
    local _, closed, _, write_err = C.raw_step(h)
    return C.raw_pending(h) == 0 or closed or write_err
  end)
  local _, closed, _, write_err = C.raw_step(h)
  if write_err then return false, write_err end
  if C.raw_pending(h) == 0 then return true end
  if closed then return false, "the peer closed the connection before everything was written" end
  return false, "not written within " .. within .. "s"
end

-- The checked fields of one frame description: fin, rsv, opcode, mask key (nil: unmasked),
-- payload. what names the call in errors.
local function frame_fields(f, what)
  if type(f) ~= "table" then raise(what .. " expects a table") end
  local known = { opcode = true, payload = true, fin = true, mask = true, mask_key = true, rsv = true,
                  close_code = true, reason = true, within = true }
  for k in pairs(f) do
    if not known[k] then raise(what .. ": unknown field '" .. tostring(k) .. "'") end
  end
  local op = f.opcode
  if type(op) == "string" then
    op = OPCODES[op]
    if not op then raise(what .. ": unknown opcode name '" .. f.opcode .. "'") end
  elseif math.type(op) ~= "integer" or op < 0 or op > 15 then
    raise(what .. ": opcode must be a name or an integer 0..15")
  end
  local payload = f.payload
  if payload ~= nil and type(payload) ~= "string" then raise(what .. ": payload must be a string") end
  if f.close_code ~= nil then
    if payload ~= nil then raise(what .. ": give payload or close_code/reason, not both") end
    if math.type(f.close_code) ~= "integer" or f.close_code < 0 or f.close_code > 65535 then
      raise(what .. ": close_code must be an integer 0..65535")
    end
    if f.reason ~= nil and type(f.reason) ~= "string" then raise(what .. ": reason must be a string") end
    payload = string.pack(">I2", f.close_code) .. (f.reason or "")
  elseif f.reason ~= nil then
    raise(what .. ": reason needs close_code")
  end
  payload = payload or ""
  local rsv = f.rsv or 0
  if math.type(rsv) ~= "integer" or rsv < 0 or rsv > 7 then raise(what .. ": rsv must be an integer 0..7") end
  local fin = true
  if f.fin ~= nil then
    if type(f.fin) ~= "boolean" then raise(what .. ": fin must be a boolean") end
    fin = f.fin
  end
  local key = nil
  if f.mask == nil or f.mask == true then
    key = f.mask_key or C.raw_mask_key()   -- unpredictable, as RFC 6455 §5.3 asks
  elseif f.mask ~= false then
    raise(what .. ": mask must be a boolean")
  end
  if key ~= nil and (type(key) ~= "string" or #key ~= 4) then raise(what .. ": mask_key must be 4 bytes") end
  if f.mask == false and f.mask_key ~= nil then raise(what .. ": mask_key with mask = false") end
  return fin, rsv, op, key, payload
end

-- r:send_frame{opcode=, payload=, fin=true, mask=true, mask_key=, rsv=0, close_code=, reason=, within=}
function R:send_frame(f)
  local fin, rsv, op, key, payload = frame_fields(f, "r:send_frame")
  open_for_frames(self, "r:send_frame")
  local ok, why = C.raw_send(self._h, fin, rsv, op, key, payload)
  if not ok then return false, why end
  return flush(self, f.within or 5, "r:send_frame " .. (NAMES[op] or ("opcode " .. op)))
end

-- r:send_frames({frame, frame, ...}, within): every frame checked first, then all queued and
-- written together -- one write when the socket takes them, so the target reads them at
-- once (the way a client that writes several messages back to back is seen under load).
function R:send_frames(list, within)
  if type(list) ~= "table" or #list == 0 then raise("r:send_frames expects a non-empty list of frames") end
  if within ~= nil and type(within) ~= "number" then raise("r:send_frames: within must be a number") end
  local fields = {}
  for i, f in ipairs(list) do
    if type(f) == "table" and f.within ~= nil then raise("r:send_frames: within belongs to the call, not frame " .. i) end
    fields[i] = table.pack(frame_fields(f, "r:send_frames frame " .. i))
  end
  open_for_frames(self, "r:send_frames")
  for _, v in ipairs(fields) do
    local ok, why = C.raw_send(self._h, v[1], v[2], v[3], v[4], v[5])
    if not ok then return false, why end
  end
  return flush(self, within or 5, "r:send_frames (" .. #list .. " frames)")
end

-- r:send_bytes(bytes, within) writes bytes outside any frame (a truncated header, garbage)
function R:send_bytes(bytes, within)
  if type(bytes) ~= "string" then raise("r:send_bytes expects a string") end
  if within ~= nil and type(within) ~= "number" then raise("r:send_bytes: within must be a number") end
  open_for_frames(self, "r:send_bytes")
  local ok, why = C.raw_send_bytes(self._h, bytes)
  if not ok then return false, why end
  return flush(self, within or 5, "r:send_bytes")
end

-- r:recv_frame(timeout_ms) -> frame, or nil and "timeout" | "closed" | an error
function R:recv_frame(timeout_ms)
  timeout_ms = timeout_ms or 2000
  if type(timeout_ms) ~= "number" or timeout_ms < 0 then raise("r:recv_frame: timeout_ms must be a number >= 0") end
  open_for_frames(self, "r:recv_frame")
  local h = self._h
  local untl = C.now() + timeout_ms / 1000
  local frame, why
  pump_until(self, untl, "r:recv_frame(" .. timeout_ms .. ")", function()
    local fin, rsv, op, masked, payload, at = C.raw_recv(h)
    if fin == nil then
      if rsv ~= "none" then why = rsv return true end
      local st, closed = C.raw_step(h)
      if not closed and st == "open" then return false end
      -- The step may have read the last frames together with the end: those come first.
      fin, rsv, op, masked, payload, at = C.raw_recv(h)
      if fin == nil then
        why = rsv ~= "none" and rsv or "closed"
        return true
      end
    end
    frame = { fin = fin, rsv = rsv, opcode = op, kind = NAMES[op] or "reserved", masked = masked,
              payload = payload, length = #payload, at = at }
    if op == 8 and #payload >= 2 then
      frame.close_code = string.unpack(">I2", payload)
      frame.reason = payload:sub(3)
    end
    return true
  end)
  if frame then return frame end
  return nil, why or "timeout"
end

-- r:recv_message(timeout_ms) -> the next control frame, or the next data message with its
-- fragments joined ({ opcode, kind, payload, fragments, fin = true }); nil and why as recv_frame.
function R:recv_message(timeout_ms)
  timeout_ms = timeout_ms or 2000
  if type(timeout_ms) ~= "number" or timeout_ms < 0 then raise("r:recv_message: timeout_ms must be a number >= 0") end
  local untl = C.now() + timeout_ms / 1000
  local partial = rawget(self, "_partial")
  while true do
    local left = math.max(0, (untl - C.now()) * 1000)
    local f, why = self:recv_frame(left)
    if not f then return nil, why end
    if f.opcode >= 8 then return f end
    if not partial then
      partial = { opcode = f.opcode, kind = f.kind, parts = {}, size = 0, fragments = 0, masked = f.masked }
      rawset(self, "_partial", partial)
    end
    partial.parts[#partial.parts + 1] = f.payload
    partial.size = partial.size + #f.payload
    partial.fragments = partial.fragments + 1
    if partial.size > MAX_MESSAGE then
      rawset(self, "_partial", nil)
      C.raw_drop(self._h, "message over 16 MiB")
      return nil, "message over the runner's 16 MiB limit"
    end
    if f.fin then
      rawset(self, "_partial", nil)
      local payload = table.concat(partial.parts)
      return { opcode = partial.opcode, kind = partial.kind, fin = true, rsv = f.rsv, masked = partial.masked,
               payload = payload, length = #payload, fragments = partial.fragments, at = f.at }
    end
  end
end

-- r:wait_closed(timeout_ms) -> true when the peer has ended the TCP connection
function R:wait_closed(timeout_ms)
  timeout_ms = timeout_ms or 2000
  if type(timeout_ms) ~= "number" or timeout_ms < 0 then raise("r:wait_closed: timeout_ms must be a number >= 0") end
  if rawget(self, "_dropped") then raise("r:wait_closed after r:close_tcp()") end
  local h = self._h
  return pump_until(self, C.now() + timeout_ms / 1000, "r:wait_closed(" .. timeout_ms .. ")", function()
    local _, closed = C.raw_step(h)
    return closed
  end) and true or false
end

-- r:close_tcp() drops the connection without a Close frame
function R:close_tcp()
  rawset(self, "_dropped", true)
  C.raw_drop(self._h, "close_tcp")
end

---------------------------------------------------------------------------------------
function T:try_raw_ws(api_or_url, opts)
  opts = opts or {}
  if type(api_or_url) ~= "string" then raise("t:raw_ws expects an API name or a ws:// URL") end
  if type(opts) ~= "table" then raise("t:raw_ws: opts must be a table") end
  check_opts(opts)
  local url = api_or_url
  if not url:match("^wss?://") then
    url = self.targets[api_or_url]
    if not url then
      return nil, { message = "no target for API '" .. api_or_url .. "' (use --target " .. api_or_url .. "=URL)" }
    end
  end
  local block = header_block(opts)
  local n = (rawget(self, "_raw_n") or 0) + 1
  rawset(self, "_raw_n", n)
  local h = C.raw_open(self._sc, url, opts.path, block, protocols_value(opts.protocols), version_value(opts.version),
                       100 + n)
  local within = opts.within or 5
  local deadline = C.now() + within
  local r = setmetatable({ _h = h, _t = self, url = url }, R_MT)
  local st, err
  pump_until(r, deadline, "t:raw_ws(" .. api_or_url .. ")", function()
    st, _, err = C.raw_step(h)
    return st ~= "connecting"
  end)
  if st == "connecting" then
    C.raw_drop(h, "handshake timed out")
    return nil, { message = "raw_ws " .. url .. ": no answer to the upgrade within " .. within .. "s" }
  end
  if st == "failed" then return nil, { message = "raw_ws " .. url .. ": " .. tostring(err) } end
  local status, reason, headers, body, accept_ok, expected = C.raw_response(h)
  r.status, r.reason, r.headers, r.body = status, reason, headers, body
  r.upgraded = st == "open"
  if r.upgraded then
    r.accept_ok = accept_ok
    if not accept_ok and opts.check_accept ~= false then
      C.raw_drop(h, "bad Sec-WebSocket-Accept")
      return nil, { message = "raw_ws " .. url .. ": Sec-WebSocket-Accept is " ..
                    tostring(headers["sec-websocket-accept"]) .. ", expected " .. expected }
    end
  end
  return r
end

function T:raw_ws(api_or_url, opts)
  local r, err = self:try_raw_ws(api_or_url, opts)
  if not r then raise(err.message) end
  return r
end
