-- The scenario API (harness/README.md), written on the C primitives in `_wsc`
-- (lua_api.c). Compiled into the wsconf binary. Returns make_t(sc, id, seed, targets,
-- covers, profile) -> t; the runner resumes each scenario's run(t) as a coroutine.
local C = ...
local json = json

-- Ends the scenario from inside any step; the runner reads the table.
local function stop(kind, reason)
  error({ wsc_end = kind, reason = reason }, 0)
end

local function raise(msg)
  error(C.where() .. ": " .. msg, 0)
end

-- Renders a value for a check's expected/received: strings as they are, others as JSON.
local function show(v)
  if v == nil then return nil end
  if type(v) == "string" then return v end
  local ok, s = pcall(json.encode, v)
  if ok then return s end
  return tostring(v)
end

-- Renders a value as JSON (strings quoted), for t:equal.
local function show_json(v)
  if v == nil then return "nil" end
  local ok, s = pcall(json.encode, v)
  if ok then return s end
  return tostring(v)
end

local function deep_equal(a, b, depth)
  if a == b then return true end
  if type(a) ~= "table" or type(b) ~= "table" then return false end
  if (depth or 0) > 100 then return false end
  for k, v in pairs(a) do
    if not deep_equal(v, b[k], (depth or 0) + 1) then return false end
  end
  for k in pairs(b) do
    if a[k] == nil then return false end
  end
  return true
end

---------------------------------------------------------------------------------------
-- The test object t
local T = {}
T.__index = T

function T:check(req, cond, message, detail)
  local e, r
  if type(detail) == "table" then e, r = show(detail.expected), show(detail.received) end
  return C.check(self._sc, req, cond and true or false, message or "", e, r)
end

function T:equal(req, got, want, message)
  local ok = deep_equal(got, want)
  return C.check(self._sc, req, ok, message or "values are equal", show_json(want), show_json(got))
end

function T:require(req, cond, message, detail)
  if not self:check(req, cond, message, detail) then stop("fail") end
  return cond
end

function T:fail(req, message, detail)
  self:check(req, false, message, detail)
  stop("fail")
end

function T:skip(reason)
  stop("skip", C.where() .. ": " .. tostring(reason or "skipped"))
end

function T:sleep(seconds)
  local untl = C.now() + (tonumber(seconds) or 0)
  while C.now() < untl do
    C.wait(self._sc, untl, "t:sleep(" .. tostring(seconds) .. ")")
  end
end

function T:log(message)
  C.log(self._sc, tostring(message))
end

function T:now()
  return C.now()
end

local function header_block(opts)
  local lines = {}
  local function add(name, value)
    name, value = tostring(name), tostring(value)
    if name:find("[\r\n:]") or value:find("[\r\n]") then
      raise("header " .. name .. " contains CR, LF or a colon in its name")
    end
    lines[#lines + 1] = name .. ": " .. value .. "\r\n"
  end
  if type(opts.headers) == "table" then
    local names = {}
    for k in pairs(opts.headers) do names[#names + 1] = k end
    table.sort(names)
    for _, k in ipairs(names) do add(k, opts.headers[k]) end
  end
  if type(opts.cookies) == "table" then
    local names, parts = {}, {}
    for k in pairs(opts.cookies) do names[#names + 1] = k end
    table.sort(names)
    for _, k in ipairs(names) do parts[#parts + 1] = k .. "=" .. tostring(opts.cookies[k]) end
    if #parts > 0 then add("Cookie", table.concat(parts, "; ")) end
  end
  if #lines == 0 then return nil end
  return table.concat(lines)
end

local WS = {}
local WS_MT = {}

function T:try_connect(api_or_url, opts)
  opts = opts or {}
  if type(api_or_url) ~= "string" then raise("t:connect expects an API name or a ws:// URL") end
  local url = api_or_url
  if not url:match("^wss?://") then
    url = self.targets[api_or_url]
    if not url then
      return nil, { message = "no target for API '" .. api_or_url .. "' (use --target " .. api_or_url .. "=URL)" }
    end
  end
  local subp = nil
  if type(opts.subprotocols) == "table" and #opts.subprotocols > 0 then
    subp = table.concat(opts.subprotocols, ",")
  end
  local c = C.connect(self._sc, url, opts.path, subp, header_block(opts))
  local within = opts.within or 5
  local deadline = C.now() + within
  while true do
    local st, err, status = C.state(c)
    if st == "open" then
      return setmetatable({ _c = c, _t = self, url = url }, WS_MT)
    end
    if st ~= "connecting" then
      return nil, { status = status, message = "connect " .. url .. ": " .. (err or st) }
    end
    if C.now() >= deadline then
      C.abort(c, "connect timed out after " .. within .. "s")
      return nil, { message = "connect " .. url .. ": timed out after " .. within .. "s" }
    end
    C.wait(self._sc, deadline, "t:connect(" .. api_or_url .. ")")
  end
end

function T:connect(api_or_url, opts)
  local ws, err = self:try_connect(api_or_url, opts)
  if not ws then error(C.where() .. ": " .. err.message, 0) end
  return ws
end

---------------------------------------------------------------------------------------
-- HTTP steps

-- The http(s) URL of an API or URL: a ws:// target maps to http://, wss:// to https://.
local function http_url(self, api_or_url)
  if type(api_or_url) ~= "string" then raise("t:http expects an API name or an http(s):// URL") end
  if api_or_url:match("^https?://") then return api_or_url, true end
  local url = api_or_url
  if not url:match("^wss?://") then
    url = self.targets[api_or_url]
    if not url then
      return nil, false, "no target for API '" .. api_or_url .. "' (use --target " .. api_or_url .. "=URL)"
    end
  end
  if url:match("^wss://") then return "https://" .. url:sub(7), false end
  if url:match("^ws://") then return "http://" .. url:sub(6), false end
  if url:match("^https?://") then return url, false end
  return nil, false, "target " .. url .. " is not a ws://, wss://, http:// or https:// URL"
end

local function has_header(headers, name)
  if type(headers) ~= "table" then return false end
  for k in pairs(headers) do
    if type(k) == "string" and k:lower() == name then return true end
  end
  return false
end

local function json_like(body, ctype)
  if ctype and ctype:lower():find("json", 1, true) then return true end
  return body:match("^%s*[%[{]") ~= nil
end

function T:try_http(api_or_url, req)
  req = req or {}
  if type(req) ~= "table" then raise("t:http expects a request table") end
  local url, is_url, why = http_url(self, api_or_url)
  if not url then return nil, { message = why } end
  local method = req.method or "GET"
  if type(method) ~= "string" then raise("t:http: method must be a string") end
  local path = req.path
  if path == nil and not is_url then path = "/" end
  if path ~= nil and type(path) ~= "string" then raise("t:http: path must be a string") end
  local body = req.body
  local headers = req.headers
  if req.json ~= nil then
    if body ~= nil then raise("t:http: give body or json, not both") end
    local ok, s = pcall(json.encode, req.json)
    if not ok then raise(tostring(s)) end
    body = s
    if not has_header(headers, "content-type") then
      local h = {}
      for k, v in pairs(headers or {}) do h[k] = v end
      h["Content-Type"] = "application/json"
      headers = h
    end
  end
  if body ~= nil and type(body) ~= "string" then raise("t:http: body must be a string") end
  local block = header_block{ headers = headers, cookies = req.cookies }
  local h = C.http(self._sc, url, method, path, block, body)
  local within = req.within or 5
  local deadline = C.now() + within
  local what = "t:http " .. method .. " " .. (path or url)
  while true do
    local st, err = C.http_state(h)
    if st == "done" then
      local status, reason, hdrs, cookies, rbody = C.http_result(h)
      local res = { status = status, reason = reason, headers = hdrs, cookies = cookies, body = rbody }
      if #rbody > 0 and json_like(rbody, hdrs["content-type"]) then
        local v = json.decode(rbody)
        if v ~= nil then res.json = v end
      end
      return res
    end
    if st == "failed" then
      return nil, { message = method .. " " .. url .. (path and (" path " .. path) or "") .. ": " .. tostring(err) }
    end
    if C.now() >= deadline then
      C.http_abort(h, "timed out after " .. within .. "s")
      return nil, { message = method .. " " .. url .. (path and (" path " .. path) or "") ..
                    ": timed out after " .. within .. "s" }
    end
    C.wait(self._sc, deadline, what)
  end
end

function T:http(api_or_url, req)
  local res, err = self:try_http(api_or_url, req)
  if not res then error(C.where() .. ": " .. err.message, 0) end
  return res
end

---------------------------------------------------------------------------------------
-- A connection ws

WS_MT.__index = function(self, k)
  if k == "closed" then
    local st = C.state(rawget(self, "_c"))
    return st == "closed" or st == "failed"
  elseif k == "subprotocol" then
    return (select(6, C.state(rawget(self, "_c"))))
  end
  return WS[k]
end

local function default_req(self, m)
  return m.req or self._t._covers[1]
end

-- Sending on a connection the target closed is the target's doing: a failed check of the
-- scenario's first requirement. Sending after our own ws:close is a script error.
local function send(self, binary, data, how)
  local ok, err
  if how == "ping" then ok, err = C.ping(self._c, data)
  elseif how == "fragments" then ok, err = C.send_fragments(self._c, binary, data)
  else ok, err = C.send(self._c, binary, data) end
  if ok then return end
  local st, cerr, _, code, reason = C.state(self._c)
  if st == "closed" and not rawget(self, "_closing") then
    C.check(self._t._sc, default_req(self, {}), false,
            "cannot send: the target closed the connection (code " .. tostring(code) ..
            (reason and (" " .. reason) or "") .. (cerr and ("; " .. cerr) or "") .. ")")
    stop("fail")
  end
  raise(err)
end

function WS:send_text(s) send(self, false, tostring(s)) end
function WS:send_binary(s) send(self, true, tostring(s)) end
function WS:ping(payload)
  payload = payload == nil and "" or tostring(payload)
  if #payload > 125 then raise("ws:ping: a Ping payload is at most 125 bytes (got " .. #payload .. ")") end
  send(self, true, payload, "ping")
end
function WS:send_fragments(parts, binary)
  if type(parts) ~= "table" or #parts == 0 then raise("ws:send_fragments expects a non-empty list of strings") end
  local list = {}
  for i, p in ipairs(parts) do
    if type(p) ~= "string" then raise("ws:send_fragments: part " .. i .. " is not a string") end
    list[i] = p
  end
  send(self, binary and true or false, list, "fragments")
end
function WS:send_json(v)
  local ok, s = pcall(json.encode, v)
  if not ok then raise(tostring(s)) end
  send(self, false, s)
end

local function describe(m)
  if m.what then return m.what end
  local parts = {}
  if m.json ~= nil then
    local ok, s = pcall(json.encode, m.json)
    parts[#parts + 1] = "JSON containing " .. (ok and s or "<pattern>")
  end
  if m.text ~= nil then parts[#parts + 1] = "the text " .. string.format("%q", m.text) end
  if m.binary then parts[#parts + 1] = "a binary frame" end
  if m.kind then parts[#parts + 1] = "a " .. tostring(m.kind) .. " frame" end
  if m.match then parts[#parts + 1] = "a frame accepted by the match function" end
  if #parts == 0 then return "any frame" end
  return table.concat(parts, " and ")
end

-- Returns test(c, i) -> bool for matcher m, plus the compiled JSON pattern.
local function compile(m)
  if type(m) ~= "table" then raise("a matcher must be a table") end
  local pat = nil
  if m.json ~= nil then
    local ok, p = pcall(C.compile, m.json)
    if not ok then raise(tostring(p)) end
    pat = p
  end
  if m.kind ~= nil and m.kind ~= "text" and m.kind ~= "binary" and m.kind ~= "pong" and m.kind ~= "ping" then
    raise("matcher kind must be \"text\", \"binary\", \"pong\" or \"ping\"")
  end
  local test = function(c, i)
    local f = C.frame(c, i)
    -- Control frames match only a matcher that asks for their kind.
    if m.kind ~= nil then
      if f.kind ~= m.kind then return false end
    elseif f.kind ~= "text" and f.kind ~= "binary" then
      return false
    end
    if m.binary ~= nil and (f.kind == "binary") ~= (m.binary and true or false) then return false end
    if m.text ~= nil and (f.kind ~= "text" or f.data ~= m.text) then return false end
    if pat and not C.match(c, i, pat) then return false end
    if m.match then
      local v = f.json
      if v == nil then v = f.data end
      if not m.match(v, f) then return false end
    end
    return true
  end
  return test, pat
end

local function find(c, test)
  for i = 1, C.count(c) do
    if test(c, i) then return i end
  end
  return nil
end

local function value_of(f)
  if f.json ~= nil then return f.json end
  return f.data
end

-- Why a wait ended without a match: the inbox and the connection's state.
local function inbox_story(self, pat)
  local c = self._c
  local s = C.summary(c, 3)
  local n = C.count(c)
  if pat and n > 0 then
    local ok, why = C.match(c, n, pat)
    if not ok then s = s .. "; last frame: " .. why end
  end
  local st, err, _, code, reason = C.state(c)
  if st == "closed" then
    s = s .. "; connection closed with code " .. tostring(code) .. (reason and (" " .. reason) or "")
  elseif st == "failed" then
    s = s .. "; connection failed: " .. tostring(err)
  end
  return s
end

local function give_up(self, m, within, pat, got)
  local what = describe(m)
  local story = inbox_story(self, pat)
  local msg = "expected " .. what .. " within " .. within .. "s"
  if got then msg = msg .. " (" .. got .. ")" end
  C.check(self._t._sc, default_req(self, m), false, msg .. "; inbox: " .. story)
  stop("fail")
end

function WS:expect(m)
  local test, pat = compile(m)
  local within = m.within or 2
  local deadline = C.now() + within
  local c = self._c
  while true do
    local i = find(c, test)
    if i then
      local f = C.take(c, i)
      return value_of(f), f
    end
    if self.closed or C.now() >= deadline then give_up(self, m, within, pat) end
    C.wait(self._t._sc, deadline, "ws:expect " .. describe(m))
  end
end

function WS:collect(m)
  local test, pat = compile(m)
  local term = m.terminal and compile(m.terminal)
  local count = m.count
  if not count and not term then raise("ws:collect needs count or terminal") end
  local within = m.within or 2
  local deadline = C.now() + within
  local c = self._c
  local values, frames = {}, {}
  while true do
    local i = 1
    while i <= C.count(c) do
      local is_term = term and term(c, i)
      if is_term or test(c, i) then
        local f = C.take(c, i)
        values[#values + 1] = value_of(f)
        frames[#frames + 1] = f
        if is_term or (count and #values >= count) then return values, frames end
      else
        i = i + 1
      end
    end
    if self.closed or C.now() >= deadline then
      local got = "collected " .. #values .. (count and (" of " .. count) or "")
      if term then got = got .. ", no terminal frame" end
      give_up(self, m, within, pat, got)
    end
    C.wait(self._t._sc, deadline, "ws:collect " .. describe(m))
  end
end

function WS:expect_none(m)
  local test = compile(m)
  local within = m.within or 2
  local deadline = C.now() + within
  local c = self._c
  local what = describe(m)
  while true do
    local i = find(c, test)
    if i then
      local f = C.frame(c, i)
      return C.check(self._t._sc, default_req(self, m), false,
                     "expected no " .. what .. " for " .. within .. "s; received frame " .. f.seq,
                     "nothing", C.summary(c, 3))
    end
    if self.closed or C.now() >= deadline then
      return C.check(self._t._sc, default_req(self, m), true, "no " .. what .. " for " .. within .. "s")
    end
    C.wait(self._t._sc, deadline, "ws:expect_none " .. what)
  end
end

function WS:expect_close(m)
  m = m or {}
  local within = m.within or 2
  local deadline = C.now() + within
  local req = default_req(self, m)
  while true do
    local st, err, _, code, reason = C.state(self._c)
    if st == "closed" or st == "failed" then
      if st == "failed" then code = 1006 end
      if m.code then
        C.check(self._t._sc, req, code == m.code, "connection closed with code " .. m.code,
                tostring(m.code), tostring(code) .. (reason and (" " .. reason) or "") .. (err and ("; " .. err) or ""))
      else
        C.check(self._t._sc, req, true, "connection closed")
      end
      return code, reason
    end
    if C.now() >= deadline then
      C.check(self._t._sc, req, false,
              "expected the connection to close" .. (m.code and (" with code " .. m.code) or "") ..
              " within " .. within .. "s; inbox: " .. inbox_story(self),
              m.code and tostring(m.code) or "a close", "still open")
      stop("fail")
    end
    C.wait(self._t._sc, deadline, "ws:expect_close")
  end
end

function WS:close(code, reason)
  rawset(self, "_closing", true)
  C.close(self._c, code or 1000, reason or "")
  local deadline = C.now() + 1
  while not self.closed and C.now() < deadline do
    C.wait(self._t._sc, deadline, "ws:close")
  end
end

function WS:inbox()
  local out = {}
  for i = 1, C.count(self._c) do out[i] = C.frame(self._c, i) end
  return out
end

---------------------------------------------------------------------------------------
local function make_t(sc, id, seed, targets, covers, profile)
  return setmetatable({ _sc = sc, id = id, seed = seed, targets = targets, _covers = covers, profile = profile }, T)
end

return make_t
