-- EndStreamRequest and EndStreamEvent (labgraph-websockets-api.txt, API Requests).
local lg = require("labgraph")

scenario {
  id = "labgraph.end.echo",
  title = "EndStreamRequest is answered by an EndStreamEvent echoing stream_id and the End request's own request_id",
  covers = { "labgraph.end.event", "labgraph.end.request-id" },
  run = function(t)
    local ws = t:connect("labgraph")
    lg.start(ws, 7, "s1", lg.OUTPUT, "labgraph.end.event")
    lg.batches(ws, "s1", 2, "labgraph.end.event")
    ws:send_json(lg.end_request(8, "s1"))
    local ev = ws:expect(lg.end_event("s1", 2, "labgraph.end.event"))
    t:equal("labgraph.end.event", ev.api_event.end_stream_event.stream_id, "s1",
            "end_stream_event.stream_id echoes s1")
    t:equal("labgraph.end.request-id", ev.api_event.request_id, 8,
            "api_event.request_id echoes the EndStreamRequest's request_id 8 (not the start's 7)")
  end,
}

scenario {
  id = "labgraph.end.silence-after-event",
  title = "No StreamBatch of a stream arrives after its EndStreamEvent, and batches before it stay consecutive",
  covers = { "labgraph.end.no-batch-after" },
  run = function(t)
    local ws = t:connect("labgraph")
    lg.start(ws, 1, "e", lg.OUTPUT, "labgraph.end.no-batch-after")
    lg.batches(ws, "e", 3, "labgraph.end.no-batch-after")
    ws:send_json(lg.end_request(2, "e"))
    local _, ev_frame = ws:expect(lg.end_event("e", 2, "labgraph.end.no-batch-after"))
    -- Batches may still arrive between the request and the event; none after it.
    local m = lg.batch_of("e")
    m.within, m.req, m.what = 0.3, "labgraph.end.no-batch-after", "a StreamBatch of stream_id e after its EndStreamEvent"
    m.match = function(_, f) return f.seq > ev_frame.seq end
    ws:expect_none(m)
  end,
}
