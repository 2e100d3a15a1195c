-- LabGraph helpers for scenarios: message builders in the document's shapes
-- (labgraph-websockets-api.txt) and matchers for the server's answers.
-- Stream names are those of the reference server's default config
-- (mocks/labgraph/default-config.json); an external target must offer the same.
local M = {}

M.OUTPUT = "device.stream1"      -- output stream, 100 Hz, one float_array sample per batch
M.OUTPUT2 = "device.stream2"     -- output stream, 50 Hz, four samples per batch
M.UNTRAINED = "model.untrained"  -- configured, not trained
M.INPUT = "app.input1"           -- input stream, routed to app.echo by a transformer
M.ROUTED = "app.echo"            -- output fed only by the transformer app.input1 -> app.echo
-- Further input streams, so that scenarios running at once never contend for one input
-- (an input stream belongs to one session at a time).
M.INPUT2 = "app.input2"
M.INPUT3 = "app.input3"
M.INPUT4 = "app.input4"
M.UNKNOWN = "no.such.stream"     -- not configured

M.ERROR_CODES = {
  "InvalidMessageFormat", "MessageNotSupported", "StreamIDNotFound",
  "StreamIDAlreadyExists", "NotTrained", "StreamAlreadyRequested", "NonExistentStream",
}

-- The StartStreamRequest as the document shows it (api_version the string "0.1").
function M.start_request(request_id, stream_id, name, api_version)
  return {
    api_version = api_version or "0.1",
    api_request = {
      request_id = request_id,
      start_stream_request = { stream_id = stream_id, [name] = {}, app_id = "wsconf" },
    },
  }
end

-- The EndStreamRequest as the document shows it (api_version the number 0.1).
function M.end_request(request_id, stream_id, api_version)
  return {
    api_version = api_version or 0.1,
    api_request = { request_id = request_id, end_stream_request = { stream_id = stream_id } },
  }
end

-- An input StreamBatch as the document shows it.
function M.input_batch(stream_id, name, samples, batch_num)
  return {
    api_version = 0.1,
    stream_batch = { stream_id = stream_id, [name] = { samples = json.array(samples), batch_num = batch_num } },
  }
end

-- Matchers (for ws:expect / ws:collect).
function M.start_event(request_id, within, req)
  return { json = { api_event = { request_id = request_id, start_stream_event = {} } },
           within = within or 2, req = req or "labgraph.start.event",
           what = "StartStreamEvent for request_id " .. tostring(request_id) }
end

function M.end_event(stream_id, within, req)
  return { json = { api_event = { end_stream_event = { stream_id = stream_id } } },
           within = within or 2, req = req or "labgraph.end.event",
           what = "EndStreamEvent for stream_id " .. stream_id }
end

function M.batch_of(stream_id)
  return { json = { stream_batch = { stream_id = stream_id } } }
end

-- Any ErrorEvent (the caller checks code and request_id under its own requirement).
function M.error_event(req, within)
  return { json = { api_event = { error_event = {} } }, within = within or 2, req = req,
           what = "an ErrorEvent" }
end

-- Sends a StartStreamRequest and waits for its StartStreamEvent; returns the event.
function M.start(ws, request_id, stream_id, name, req)
  ws:send_json(M.start_request(request_id, stream_id, name))
  return ws:expect(M.start_event(request_id, 2, req))
end

-- Collects n batches of stream_id; returns the list of decoded batches.
function M.batches(ws, stream_id, n, req, within)
  local m = M.batch_of(stream_id)
  m.count, m.req, m.within = n, req or "labgraph.batch.shape", within or 3
  m.what = n .. " StreamBatch messages of stream_id " .. stream_id
  return ws:collect(m)
end

-- The per-stream body of a batch: stream_batch[<name>].
function M.body(batch, name)
  return batch.stream_batch and batch.stream_batch[name]
end

-- batch_num of every batch, in arrival order.
function M.numbers(batches, name)
  local out = {}
  for i, b in ipairs(batches) do
    local body = M.body(b, name)
    out[i] = body and body.batch_num
  end
  return out
end

-- Checks that nums run first, first+1, ... ; returns ok and a description of the first break.
function M.consecutive(nums, first)
  for i, n in ipairs(nums) do
    if n ~= first + i - 1 then
      return false, string.format("batch %d has batch_num %s, expected %d", i, tostring(n), first + i - 1)
    end
  end
  return true
end

return M
