-- TrustGraph helpers for scenarios: the socket and REST calls with the known secret,
-- correlation of interleaved answers by id, the final-frame rule of each profile, and
-- the mock back ends' deterministic text (mocks/README.md, TrustGraph).
local M = {}

-- Sent with every connection and REST call: a server without a secret accepts any
-- token, and the auth faults (and the secret-configured ctest run) use this one.
M.SECRET = "wsconf-secret"
M.PATH = "/api/v1/socket"
M.FLOW = "default"           -- seeded flow running blueprint "default" (every service)

function M.gateway(t) return t.profile == "gateway" end

function M.connect(t, opts)
  opts = opts or {}
  opts.path = opts.path or (M.PATH .. "?token=" .. M.SECRET)
  return t:connect("trustgraph", opts)
end

function M.send(ws, id, service, request, flow)
  ws:send_json{ id = id, service = service, request = request, flow = flow }
end

-- REST twin: POST /api/v1/<kind> or /api/v1/flow/<flow>/service/<kind>.
function M.rest(t, service, request, flow, headers)
  local path = flow and ("/api/v1/flow/" .. flow .. "/service/" .. service) or ("/api/v1/" .. service)
  local h = headers or { Authorization = "Bearer " .. M.SECRET }
  return t:http("trustgraph", { method = "POST", path = path, json = request, headers = h })
end

-- Is this decoded frame its request's final one? gateway: complete true. spec: an
-- error, end-of-stream true, or a response without end-of-stream (single frame).
function M.is_final(t, v)
  if type(v) ~= "table" then return false end
  if M.gateway(t) then return v.complete == true end
  if v.error ~= nil then return true end
  local r = v.response
  if type(r) ~= "table" then return true end
  return r["end-of-stream"] == nil or r["end-of-stream"] == true
end

-- Collects one id's frames (others stay in the inbox) until its final frame; with
-- opts.after a requirement, then asserts that nothing more arrives for the id.
-- opts.req is charged when the final frame does not come. Returns the decoded values
-- and the frames (with their arrival seq).
function M.stream(t, ws, id, opts)
  opts = opts or {}
  local values, frames = ws:collect{
    json = { id = id }, terminal = { json = { id = id }, match = function(v) return M.is_final(t, v) end },
    within = opts.within or 3, req = opts.req, what = "final frame for id " .. tostring(id) }
  if opts.after then
    ws:expect_none{ json = { id = id }, within = opts.quiet or 0.2, req = opts.after,
                    what = "no frame for id " .. tostring(id) .. " after its final one" }
  end
  return values, frames
end

-- One request, its whole answer; returns the frame list.
function M.call(t, ws, id, service, request, flow, opts)
  M.send(ws, id, service, request, flow)
  return M.stream(t, ws, id, opts)
end

-- The profile's error object of a frame: gateway-level errors at the top; back-end
-- errors at the top (spec) or inside response (gateway).
function M.error_of(v)
  if type(v) ~= "table" then return nil end
  if type(v.error) == "table" then return v.error end
  if type(v.response) == "table" then return v.response.error end
  return nil
end

-- Deterministic text (mocks/README.md "Deterministic text"), Lua 5.4 integer wrap-around.
local function splitmix64(x)
  x = x + 0x9E3779B97F4A7C15
  x = (x ~ (x >> 30)) * 0xBF58476D1CE4E5B9
  x = (x ~ (x >> 27)) * 0x94D049BB133111EB
  return x ~ (x >> 31)
end
local function fnv1a64(s)
  local h = 0xcbf29ce484222325
  for i = 1, #s do h = (h ~ s:byte(i)) * 0x100000001b3 end
  return h
end
function M.hash(seed, purpose, input)
  return splitmix64(splitmix64(math.tointeger(seed) ~ fnv1a64(purpose)) ~ fnv1a64(input))
end
local VOCAB = { "graph", "node", "edge", "entity", "relation", "vector", "context", "answer", "source",
  "model", "query", "document", "chunk", "concept", "signal", "pattern", "memory", "agent", "reason",
  "fact", "claim", "trust", "link", "path", "score", "index", "schema", "topic", "domain", "evidence",
  "insight", "result" }
function M.word_list(seed, purpose, input, n)
  local h, out = M.hash(seed, purpose, input), {}
  for i = 0, n - 1 do out[#out + 1] = VOCAB[(splitmix64(h ~ i) >> 59) + 1] end
  return out
end
function M.words(seed, purpose, input, n)
  return table.concat(M.word_list(seed, purpose, input, n), " ")
end
-- embedding(seed, text) of dimension dim (default 8), as the numbers the server sends.
function M.embedding(seed, text, dim)
  local h, out = M.hash(seed, "embedding", text), {}
  for i = 0, (dim or 8) - 1 do
    out[#out + 1] = ((((splitmix64(h ~ i) >> 11) % 2000001) - 1000000)) / 1000000
  end
  return out
end
-- embedding(seed, text) in micro-units (integers), as the mock ranks with them.
function M.embedding_micro(seed, text, dim)
  local h, out = M.hash(seed, "embedding", text), {}
  for i = 0, (dim or 8) - 1 do out[#out + 1] = (((splitmix64(h ~ i) >> 11) % 2000001) - 1000000) end
  return out
end
-- score(query, name) of mocks/README.md: the cosine of two micro-unit vectors rounded to
-- 10^-6 (the sums are exact integers; only the ratio rounds).
function M.score(a, b)
  local dot, na, nb = 0, 0, 0
  for i = 1, #a do dot, na, nb = dot + a[i] * b[i], na + a[i] * a[i], nb + b[i] * b[i] end
  if na == 0 or nb == 0 then return 0 end
  return math.floor(dot / (math.sqrt(na) * math.sqrt(nb)) * 1e6 + 0.5) / 1e6
end
-- Scores agree when they differ by no more than the last rounding step.
function M.same_score(x, y)
  return type(x) == "number" and type(y) == "number" and math.abs(x - y) <= 1.000001e-6
end
-- The pieces a text of words is streamed in (default 3 chunks).
function M.pieces(seed, purpose, input, n, chunks)
  local w = M.word_list(seed, purpose, input, n)
  local k = math.max(1, math.min(chunks or 3, #w))
  local out = {}
  for c = 0, k - 1 do
    local a, b = (c * #w) // k, ((c + 1) * #w) // k - 1
    local parts = {}
    for i = a, b do parts[#parts + 1] = w[i + 1] .. (i + 1 < #w and " " or "") end
    out[#out + 1] = table.concat(parts)
  end
  return out
end

return M
