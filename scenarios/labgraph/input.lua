-- Input streams and transformers (labgraph-websockets-api.txt, API Input/Output Streams).
local lg = require("labgraph")

local function sample(n)
  return { data = { n = n, tag = "wsconf" }, produced_timestamp_s = 1700000000.25, timestamp_s = 1700000000.5 }
end

scenario {
  id = "labgraph.input.batch-accepted",
  title = "A StreamBatch sent on a started input stream is accepted without an ErrorEvent",
  covers = { "labgraph.input.accepted" },
  run = function(t)
    local req = "labgraph.input.accepted"
    local ws = t:connect("labgraph")
    lg.start(ws, 1, "in", lg.INPUT3, req)
    ws:send_json(lg.input_batch("in", lg.INPUT3, { sample(1) }, 1))
    ws:send_json(lg.input_batch("in", lg.INPUT3, { sample(2), sample(3) }, 2))
    ws:expect_none{ json = { api_event = { error_event = {} } }, within = 0.3, req = req,
                    what = "an ErrorEvent for an input StreamBatch" }
  end,
}

scenario {
  id = "labgraph.input.transformer-round-trip",
  title = "Samples sent on input stream app.input1 come back unchanged on app.echo through the configured transformer",
  covers = { "labgraph.input.route" },
  run = function(t)
    local req = "labgraph.input.route"
    local ws = t:connect("labgraph")
    lg.start(ws, 1, "out", lg.ROUTED, req)
    lg.start(ws, 2, "in", lg.INPUT, req)
    local sent = { sample(10), sample(11) }
    ws:send_json(lg.input_batch("in", lg.INPUT, sent, 1))
    ws:send_json(lg.input_batch("in", lg.INPUT, { sample(12) }, 2))
    local got = lg.batches(ws, "out", 2, req, 2)
    t:equal(req, lg.body(got[1], lg.ROUTED).samples, json.array(sent), "first routed batch carries the first input samples")
    t:equal(req, lg.body(got[2], lg.ROUTED).samples, json.array{ sample(12) }, "second routed batch carries the second input sample")
    t:equal(req, lg.numbers(got, lg.ROUTED), json.array{ 1, 2 }, "routed batches are numbered 1, 2 on the output stream")
  end,
}
