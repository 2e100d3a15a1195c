-- StartStreamRequest and StartStreamEvent (labgraph-websockets-api.txt, API Requests).
local lg = require("labgraph")

scenario {
  id = "labgraph.session.silent-until-request",
  title = "A new session receives nothing until the application sends a request",
  covers = { "labgraph.session.silent" },
  run = function(t)
    local ws = t:connect("labgraph")
    ws:expect_none{ match = function() return true end, within = 0.3,
                    req = "labgraph.session.silent", what = "any message before a request" }
    t:check("labgraph.session.silent", #ws:inbox() == 0, "inbox is empty after 0.3 s of silence")
  end,
}

scenario {
  id = "labgraph.start.echo",
  title = "StartStreamRequest is answered by exactly one StartStreamEvent echoing request_id and stream_id",
  covers = { "labgraph.start.event" },
  run = function(t)
    local ws = t:connect("labgraph")
    ws:send_json(lg.start_request(7, "s1", lg.OUTPUT))
    local ev = ws:expect{ json = { api_event = { start_stream_event = {} } }, within = 2,
                          req = "labgraph.start.event", what = "a StartStreamEvent" }
    t:equal("labgraph.start.event", ev.api_event.request_id, 7, "api_event.request_id echoes 7")
    t:equal("labgraph.start.event", ev.api_event.start_stream_event.stream_id, "s1",
            "start_stream_event.stream_id echoes s1")
    ws:expect_none{ json = { api_event = {} }, within = 0.3, req = "labgraph.start.event",
                    what = "a second event for one StartStreamRequest" }
  end,
}

scenario {
  id = "labgraph.start.event-first",
  title = "The StartStreamEvent arrives before the first StreamBatch of its stream",
  covers = { "labgraph.start.event-before-batches" },
  run = function(t)
    local ws = t:connect("labgraph")
    ws:send_json(lg.start_request(1, "first", lg.OUTPUT))
    local first = ws:expect{
      match = function(v)
        return type(v) == "table" and (
          (v.api_event ~= nil and v.api_event.request_id == 1) or
          (v.stream_batch ~= nil and v.stream_batch.stream_id == "first"))
      end,
      within = 2, req = "labgraph.start.event-before-batches",
      what = "the StartStreamEvent or a StreamBatch of stream_id first" }
    t:check("labgraph.start.event-before-batches",
            first.api_event ~= nil and first.api_event.start_stream_event ~= nil,
            "the first message about the stream is its StartStreamEvent",
            { expected = "api_event.start_stream_event", received = first })
  end,
}
