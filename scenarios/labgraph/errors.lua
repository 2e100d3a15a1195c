-- The seven documented error codes (labgraph-websockets-api.txt, API Errors; the codes'
-- meanings from websockets-api-errors.md as recorded in protocols/labgraph.md §1.3).
local lg = require("labgraph")

-- Waits for the next ErrorEvent and checks its code, desc and request_id rule under req.
-- request_id == nil means the event must carry no request_id at all.
local function expect_error(t, ws, req, code, request_id, what)
  local ev = ws:expect(lg.error_event(req))
  local e = ev.api_event.error_event
  t:equal(req, e.error_code, code, what .. ": error_code is " .. code)
  t:check(req, type(e.desc) == "string" and #e.desc > 0, what .. ": desc is a non-empty string",
          { received = e.desc })
  if request_id == nil then
    t:check(req, ev.api_event.request_id == nil, what .. ": the ErrorEvent carries no request_id",
            { expected = "no request_id", received = ev.api_event.request_id })
  else
    t:equal(req, ev.api_event.request_id, request_id, what .. ": request_id echoes " .. request_id)
  end
  return ev
end

scenario {
  id = "labgraph.error.invalid-message-format",
  title = "Unparsable text and binary frames are answered by InvalidMessageFormat without request_id",
  covers = { "labgraph.error.invalid-message-format" },
  run = function(t)
    local req = "labgraph.error.invalid-message-format"
    local ws = t:connect("labgraph")
    ws:send_text('{"api_version": "0.1", "api_request": {"request_id": 5, ')
    expect_error(t, ws, req, "InvalidMessageFormat", nil, "truncated JSON")
    ws:send_text("this is not json")
    expect_error(t, ws, req, "InvalidMessageFormat", nil, "plain text")
    ws:send_binary("\0\1\2\3")
    expect_error(t, ws, req, "InvalidMessageFormat", nil, "binary frame")
  end,
}

scenario {
  id = "labgraph.error.message-not-supported",
  title = "JSON that is not a valid input message is answered by MessageNotSupported without request_id",
  covers = { "labgraph.error.message-not-supported" },
  run = function(t)
    local req = "labgraph.error.message-not-supported"
    local ws = t:connect("labgraph")
    ws:send_json{ hello = 1 }
    expect_error(t, ws, req, "MessageNotSupported", nil, "an object with no api_request or stream_batch")
    ws:send_json{ api_version = "0.1", api_request = { request_id = 9, pause_stream_request = { stream_id = "x" } } }
    expect_error(t, ws, req, "MessageNotSupported", nil, "an unknown request kind")
    ws:send_text("[1, 2, 3]")
    expect_error(t, ws, req, "MessageNotSupported", nil, "a JSON array")
  end,
}

scenario {
  id = "labgraph.error.stream-id-not-found",
  title = "EndStreamRequest for a stream_id the session never started is answered by StreamIDNotFound echoing request_id",
  covers = { "labgraph.error.stream-id-not-found" },
  run = function(t)
    local ws = t:connect("labgraph")
    ws:send_json(lg.end_request(21, "never-started"))
    expect_error(t, ws, "labgraph.error.stream-id-not-found", "StreamIDNotFound", 21, "End of an unknown stream_id")
  end,
}

scenario {
  id = "labgraph.error.stream-id-already-exists",
  title = "StartStreamRequest reusing an active stream_id is answered by StreamIDAlreadyExists echoing request_id",
  covers = { "labgraph.error.stream-id-already-exists" },
  run = function(t)
    local req = "labgraph.error.stream-id-already-exists"
    local ws = t:connect("labgraph")
    lg.start(ws, 30, "dup", lg.OUTPUT, req)
    ws:send_json(lg.start_request(31, "dup", lg.OUTPUT2))
    expect_error(t, ws, req, "StreamIDAlreadyExists", 31, "second start with stream_id dup")
  end,
}

scenario {
  id = "labgraph.error.not-trained",
  title = "StartStreamRequest for a stream that is not trained is answered by NotTrained echoing request_id",
  covers = { "labgraph.error.not-trained" },
  run = function(t)
    local ws = t:connect("labgraph")
    ws:send_json(lg.start_request(41, "m", lg.UNTRAINED))
    expect_error(t, ws, "labgraph.error.not-trained", "NotTrained", 41, "start of " .. lg.UNTRAINED)
  end,
}

scenario {
  id = "labgraph.error.stream-already-requested",
  title = "StartStreamRequest for an input stream another session holds is answered by StreamAlreadyRequested echoing request_id",
  covers = { "labgraph.error.stream-already-requested" },
  run = function(t)
    local req = "labgraph.error.stream-already-requested"
    local holder = t:connect("labgraph")
    lg.start(holder, 1, "in", lg.INPUT4, req)
    local other = t:connect("labgraph")
    other:send_json(lg.start_request(51, "in2", lg.INPUT4))
    expect_error(t, other, req, "StreamAlreadyRequested", 51, "second session's start of " .. lg.INPUT4)
  end,
}

scenario {
  id = "labgraph.error.non-existent-stream",
  title = "StartStreamRequest for a stream name LabGraph does not support is answered by NonExistentStream echoing request_id",
  covers = { "labgraph.error.non-existent-stream" },
  run = function(t)
    local ws = t:connect("labgraph")
    ws:send_json(lg.start_request(61, "u", lg.UNKNOWN))
    expect_error(t, ws, "labgraph.error.non-existent-stream", "NonExistentStream", 61, "start of " .. lg.UNKNOWN)
  end,
}

scenario {
  id = "labgraph.error.session-continues",
  title = "After ErrorEvents the session stays open: its running stream continues and new requests succeed",
  covers = { "labgraph.error.session-continues" },
  run = function(t)
    local req = "labgraph.error.session-continues"
    local ws = t:connect("labgraph")
    lg.start(ws, 1, "keep", lg.OUTPUT, req)
    local before = lg.numbers(lg.batches(ws, "keep", 2, req), lg.OUTPUT)
    ws:send_json(lg.start_request(2, "u", lg.UNKNOWN))
    ws:expect(lg.error_event(req))
    ws:send_text("not json")
    ws:expect(lg.error_event(req))
    local after = lg.numbers(lg.batches(ws, "keep", 3, req), lg.OUTPUT)
    local ok, why = lg.consecutive(after, before[#before] + 1)
    t:check(req, ok, "the running stream continues without a gap: " .. (why or "yes"), { received = after })
    local ev = lg.start(ws, 3, "new", lg.OUTPUT2, req)
    t:equal(req, ev.api_event.start_stream_event.stream_id, "new", "a new stream starts after the errors")
  end,
}
