-- Hanami helpers for scenarios: REST calls with X-Auth-Token, the WebSocket init, the
-- protobuf upload loop, and test files (MNIST IDX, CSV) generated from the seed.
-- Users and clusters are those built into the reference server (mocks/README.md); an
-- external target must offer the same (or the scenarios adapted).
local M = {}

M.USER = { id = "wsconf_admin", password = "wsconf-password" }
M.OTHER_USER = { id = "wsconf_member", password = "member-password" }   -- another project
M.CHUNK = 131072                                  -- the SDKs' chunk size

-- Clusters: one per scenario that changes state, so scenarios may run at once.
local function cluster(n) return string.format("0c1a5700-0000-4000-8000-%012d", n) end
M.CLUSTER_MODE = cluster(1)         -- test_input (4) -> test_output (3)
M.CLUSTER_DIRECT = cluster(2)       -- test_input (4) -> test_output (3)
M.CLUSTER_TWO_OUTPUTS = cluster(3)  -- in (2) -> out_a (2), out_b (3)
M.CLUSTER_ERRORS = cluster(4)       -- test_input (4) -> test_output (3)
M.CLUSTER_TRAIN = cluster(5)        -- test_input (4) -> test_output (3)
M.CLUSTER_V050 = cluster(6)         -- test_input (4) -> test_output (3)
M.CLUSTER_OTHER_PROJECT = cluster(7)
M.UNKNOWN_UUID = "0c1a5700-0000-4000-8000-0000000000ff"

M.UUID_PATTERN = "^%x%x%x%x%x%x%x%x%-%x%x%x%x%-%x%x%x%x%-%x%x%x%x%-%x%x%x%x%x%x%x%x%x%x%x%x$"
function M.is_uuid(s) return type(s) == "string" and s:match(M.UUID_PATTERN) ~= nil end

-- One REST request. `input` is sent as the JSON body (POST/PUT) or as the query (GET).
function M.rest(t, method, path, token, input)
  local req = { method = method, path = path, headers = {} }
  if token then req.headers["X-Auth-Token"] = token end
  if method == "GET" and input then
    local q = {}
    for k, v in pairs(input) do q[#q + 1] = k .. "=" .. tostring(v) end
    table.sort(q)
    req.path = path .. "?" .. table.concat(q, "&")
  elseif input ~= nil then
    req.json = input
  end
  return t:http("hanami", req)
end

-- A token for user (default M.USER); fails the scenario under req when refused.
function M.login(t, req, user)
  user = user or M.USER
  local res = M.rest(t, "POST", "/v1/token", nil, { id = user.id, password = user.password })
  t:require(req, res.status == 200 and res.json and type(res.json.token) == "string",
            "POST /v1/token for " .. user.id .. " answers 200 with a token",
            { expected = 200, received = { status = res.status, body = res.body } })
  return res.json.token
end

function M.create_csv(t, token, name, size)
  return M.rest(t, "POST", "/v1/csv/dataset", token, { name = name, input_data_size = size })
end

function M.create_mnist(t, token, name, input_size, label_size)
  return M.rest(t, "POST", "/v1/mnist/dataset", token,
                { name = name, input_data_size = input_size, label_data_size = label_size })
end

function M.progress(t, token, uuid)
  return M.rest(t, "GET", "/v1/dataset/progress", token, { uuid = uuid })
end

-- wsconf extension (not Hanami's API): size and SHA-256 of a finalized dataset.
function M.digest(t, token, uuid)
  return M.rest(t, "GET", "/wsconf/v1/dataset/digest", token, { uuid = uuid })
end

function M.init_message(token, uuid, target)
  -- The SDK's byte form: Python json.dumps, keys in this order.
  return string.format('{"token": "%s", "target": "%s", "uuid": "%s"}', token, target, uuid)
end

-- The next init reply (a binary frame carrying JSON, as upstream sends it): the decoded
-- value (nil when not JSON) and the frame.
function M.init_reply(ws, req)
  local _, frame = ws:expect{ binary = true, within = 5, req = req, what = "the init reply (binary JSON)" }
  return json.decode(frame.data), frame
end

-- Opens a socket and sends the init; returns ws and the decoded reply.
function M.open(t, token, uuid, target, req)
  local ws = t:connect("hanami")
  ws:send_text(M.init_message(token, uuid, target))
  return ws, M.init_reply(ws, req)
end

-- Sends one FileUpload_Message.
function M.send_chunk(ws, position, data)
  ws:send_binary(proto.encode("FileUpload_Message", { position = position, data = data }))
end

-- Waits for the next binary reply and decodes it as FileUploadResponse_Message.
function M.upload_reply(t, ws, req, within)
  local _, frame = ws:expect{ binary = true, within = within or 5, req = req, what = "a FileUploadResponse_Message" }
  local r, err = proto.decode("FileUploadResponse_Message", frame.data)
  t:require(req, r ~= nil, "the reply is a FileUploadResponse_Message", { received = err })
  return r
end

-- Uploads `data` in chunks (positions in `order`, default ascending), up to `window`
-- messages in flight; checks every reply under req. Returns the number of chunks.
function M.upload(t, ws, data, req, opts)
  opts = opts or {}
  local chunk = opts.chunk or M.CHUNK
  local positions = opts.order
  if not positions then
    positions = {}
    for p = 0, #data - 1, chunk do positions[#positions + 1] = p end
  end
  local window = opts.window or 8
  local sent, done, failures = 0, 0, 0
  while done < #positions do
    while sent < #positions and sent - done < window do
      sent = sent + 1
      local p = positions[sent]
      M.send_chunk(ws, p, data:sub(p + 1, math.min(p + chunk, #data)))
    end
    local r = M.upload_reply(t, ws, req, opts.within)
    done = done + 1
    if r.success ~= true then failures = failures + 1 end
  end
  t:check(req, failures == 0, #positions .. " chunks answered success=true",
          { expected = 0, received = failures .. " replies without success" })
  return #positions
end

-- Polls progress until complete or `within` seconds pass; returns the last response.
function M.wait_complete(t, token, uuid, within)
  local deadline = t:now() + (within or 10)
  local res
  repeat
    res = M.progress(t, token, uuid)
    if res.json and res.json.complete == true then return res end
    t:sleep(0.05)
  until t:now() > deadline
  return res
end

-- --- test files ---

local function be32(n)
  return string.char((n >> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255)
end

-- MNIST IDX files: `count` images of rows x cols pixels and their labels (0..9).
function M.mnist_files(seed, label, count, rows, cols)
  rows, cols = rows or 28, cols or 28
  local images = be32(2051) .. be32(count) .. be32(rows) .. be32(cols)
                 .. crypto.seeded_bytes(seed, label .. "/images", count * rows * cols)
  local raw = crypto.seeded_bytes(seed, label .. "/labels", count)
  local labels = be32(2049) .. be32(count) .. raw:gsub(".", function(c) return string.char(c:byte() % 10) end)
  return images, labels
end

-- What finalize makes of them: per image its pixels followed by its label byte.
function M.mnist_records(images, labels)
  local count = string.unpack(">I4", images, 5)
  local rows, cols = string.unpack(">I4", images, 9), string.unpack(">I4", images, 13)
  local px = rows * cols
  local parts = {}
  for i = 0, count - 1 do
    parts[#parts + 1] = images:sub(17 + i * px, 16 + (i + 1) * px)
    parts[#parts + 1] = labels:sub(9 + i, 9 + i)
  end
  return table.concat(parts)
end

-- A CSV text of exactly `size` bytes: a header line, then rows of digits separated by
-- commas and newlines drawn from the seeded bytes (one table lookup per byte).
local CSV_MAP = {}
for b = 0, 255 do
  local c
  if b < 24 then c = "," elseif b < 32 then c = "\n" else c = string.char(48 + b % 10) end
  CSV_MAP[string.char(b)] = c
end
-- With t given, yields between 4 MiB slices so other scenarios keep running.
function M.csv_text(seed, label, size, t)
  local header = "a,b,c,d\n"
  if size <= #header then return header:sub(1, size) end
  local raw = crypto.seeded_bytes(seed, label, size - #header)
  local parts, slice = { header }, 4 * 1024 * 1024
  for i = 1, #raw, slice do
    parts[#parts + 1] = (raw:sub(i, i + slice - 1):gsub(".", CSV_MAP))
    if t then t:sleep(0) end
  end
  return table.concat(parts)
end

function M.hex_sha256(s) return crypto.hex(crypto.sha256(s)) end

-- DirectIO messages in the document's layout.
function M.cluster_message(name, is_last, process, values)
  return proto.encode("ClusterIO_Message", {
    hexagonName = name, isLast = is_last, processType = process,
    numberOfValues = #values, values = values,
  })
end

-- Waits for the next binary reply and decodes it as ClusterIO_Message (layout: message name).
function M.cluster_reply(t, ws, req, layout)
  local _, frame = ws:expect{ binary = true, within = 3, req = req, what = "a ClusterIO_Message" }
  local m, err = proto.decode(layout or "ClusterIO_Message", frame.data)
  t:require(req, m ~= nil, "the reply is a " .. (layout or "ClusterIO_Message"), { received = err })
  return m
end

function M.set_mode(t, token, uuid, state)
  return M.rest(t, "PUT", "/v1/cluster/set_mode", token, { uuid = uuid, new_state = state })
end

return M
