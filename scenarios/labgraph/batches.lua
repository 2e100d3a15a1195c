-- Output StreamBatch messages (labgraph-websockets-api.txt, API Input/Output Streams).
local lg = require("labgraph")

scenario {
  id = "labgraph.batch.document-shape",
  title = "Output StreamBatch messages are keyed by the application's stream_id and the stream name and carry samples and batch_num",
  covers = { "labgraph.batch.shape", "labgraph.batch.stream-id" },
  run = function(t)
    local ws = t:connect("labgraph")
    lg.start(ws, 3, "my-id", lg.OUTPUT2, "labgraph.batch.shape")
    -- Match on the stream name alone, so batches carrying another stream_id are seen too.
    local batches = ws:collect{
      match = function(v) return type(v) == "table" and v.stream_batch ~= nil
                                 and v.stream_batch[lg.OUTPUT2] ~= nil end,
      count = 3, within = 3, req = "labgraph.batch.shape",
      what = "3 StreamBatch messages for " .. lg.OUTPUT2 }
    for i, b in ipairs(batches) do
      t:equal("labgraph.batch.stream-id", b.stream_batch.stream_id, "my-id",
              "batch " .. i .. " stream_batch.stream_id is the application's stream_id")
      local body = lg.body(b, lg.OUTPUT2)
      t:check("labgraph.batch.shape", type(body.samples) == "table" and #body.samples > 0
              and json.is_array(body.samples),
              "batch " .. i .. " samples is a non-empty array", { received = body.samples })
      for j, s in ipairs(type(body.samples) == "table" and body.samples or {}) do
        t:check("labgraph.batch.shape", type(s) == "table" and not json.is_array(s),
                "batch " .. i .. " sample " .. j .. " is a JSON object", { received = s })
      end
      t:check("labgraph.batch.shape", math.type(body.batch_num) == "integer",
              "batch " .. i .. " batch_num is an integer", { received = body.batch_num })
    end
  end,
}

scenario {
  id = "labgraph.batch.numbering",
  title = "batch_num starts at 1 and rises by exactly 1 per batch",
  covers = { "labgraph.batch.num-sequence" },
  run = function(t)
    local ws = t:connect("labgraph")
    lg.start(ws, 1, "n", lg.OUTPUT, "labgraph.batch.num-sequence")
    local nums = lg.numbers(lg.batches(ws, "n", 12, "labgraph.batch.num-sequence"), lg.OUTPUT)
    local ok, why = lg.consecutive(nums, 1)
    t:check("labgraph.batch.num-sequence", ok, "batch_num runs 1..12 without gaps: " .. (why or "yes"),
            { expected = "1..12", received = nums })
  end,
}

scenario {
  id = "labgraph.batch.sample-objects",
  title = "Each sample carries data, produced_timestamp_s and timestamp_s with timestamp_s >= produced_timestamp_s",
  covers = { "labgraph.batch.sample-fields" },
  run = function(t)
    local ws = t:connect("labgraph")
    lg.start(ws, 1, "f", lg.OUTPUT2, "labgraph.batch.sample-fields")
    local now = os.time()
    for i, b in ipairs(lg.batches(ws, "f", 3, "labgraph.batch.sample-fields")) do
      for j, s in ipairs(lg.body(b, lg.OUTPUT2).samples) do
        local at = ("batch %d sample %d "):format(i, j)
        t:check("labgraph.batch.sample-fields", s.data ~= nil, at .. "has data", { received = s })
        local p, ts = s.produced_timestamp_s, s.timestamp_s
        t:check("labgraph.batch.sample-fields", type(p) == "number" and math.abs(p - now) < 3600,
                at .. "produced_timestamp_s is the current Unix time in seconds", { received = p })
        t:check("labgraph.batch.sample-fields", type(ts) == "number" and type(p) == "number" and ts >= p,
                at .. "timestamp_s >= produced_timestamp_s", { expected = p, received = ts })
      end
    end
  end,
}

scenario {
  id = "labgraph.batch.api-version",
  title = "StreamBatch carries \"api_version\": 0.1 as the document shows",
  covers = { "labgraph.batch.api-version" },
  run = function(t)
    local ws = t:connect("labgraph")
    lg.start(ws, 1, "v", lg.OUTPUT, "labgraph.batch.api-version")
    for i, b in ipairs(lg.batches(ws, "v", 2, "labgraph.batch.api-version")) do
      t:equal("labgraph.batch.api-version", b.api_version, 0.1, "batch " .. i .. " api_version is 0.1")
    end
  end,
}
