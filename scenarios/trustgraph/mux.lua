-- Many requests on one socket: correlation by id, per-id order, one final frame each,
-- and no head-of-line blocking (trustgraph-websocket-openapi.txt, Multiplexing).
local tg = require("trustgraph")

-- A streamed text-completion's pieces: gateway `response`, spec `content`.
local function piece(t, v)
  local r = v.response or {}
  if tg.gateway(t) then return r.response end
  return r.content
end

scenario {
  id = "trustgraph.mux.fifty",
  title = "50 streamed text-completions sent back to back: each id gets its pieces in order and one final frame",
  covers = { "trustgraph.mux.concurrent", "trustgraph.stream.final-once" },
  timeout = 15,
  run = function(t)
    local ws = tg.connect(t)
    for i = 1, 50 do
      tg.send(ws, "m" .. i, "text-completion", { system = "sys", prompt = "prompt " .. i, streaming = true }, tg.FLOW)
    end
    local whole = 0
    for i = 1, 50 do
      local id = "m" .. i
      local frames = tg.stream(t, ws, id, { req = "trustgraph.mux.concurrent", within = 5,
                                            after = i == 50 and "trustgraph.stream.final-once" or nil })
      local want = tg.pieces(t.seed, "completion", "sys\nprompt " .. i, 16, 3)
      local got = {}
      for _, v in ipairs(frames) do got[#got + 1] = piece(t, v) end
      if t:equal("trustgraph.mux.concurrent", got, want, id .. ": the pieces arrive in order") then whole = whole + 1 end
      local finals = 0
      for _, v in ipairs(frames) do if tg.is_final(t, v) then finals = finals + 1 end end
      t:equal("trustgraph.stream.final-once", finals, 1, id .. ": exactly one final frame")
    end
    t:equal("trustgraph.mux.concurrent", whole, 50, "all 50 answers complete and in order")
    -- Nothing is left for any id once all have ended.
    ws:expect_none{ within = 0.2, req = "trustgraph.stream.final-once", what = "a frame after every request ended" }
  end,
}

scenario {
  id = "trustgraph.mux.id-echo",
  title = "Interleaved answers to string ids each carry their request's id verbatim",
  covers = { "trustgraph.envelope.id-echo" },
  run = function(t)
    local ws = tg.connect(t)
    local ids = { "cfg-1", "agent-A", "cfg-2", "rag-B", "id with spaces/and:colons" }
    tg.send(ws, ids[1], "config", { operation = "list", type = "flow" })
    tg.send(ws, ids[2], "agent", { question = "What is TrustGraph?", streaming = true }, tg.FLOW)
    tg.send(ws, ids[3], "flow", { operation = "list-flows" })
    tg.send(ws, ids[4], "graph-rag", { query = "who knows bob", streaming = true }, tg.FLOW)
    tg.send(ws, ids[5], "config", { operation = "list", type = "flow" })
    local seen = 0
    for _, id in ipairs(ids) do
      local frames = tg.stream(t, ws, id, { req = "trustgraph.envelope.id-echo" })
      for _, v in ipairs(frames) do
        seen = seen + 1
        t:equal("trustgraph.envelope.id-echo", v.id, id, "frame id")
      end
    end
    t:check("trustgraph.envelope.id-echo", seen >= 5, "every request answered", { received = seen })
    local sent = {}
    for _, id in ipairs(ids) do sent[id] = true end
    ws:expect_none{ match = function(v) return type(v) ~= "table" or not sent[v.id] end, within = 0.2,
                    req = "trustgraph.envelope.id-echo", what = "a frame with an id that was not sent" }
  end,
}

scenario {
  id = "trustgraph.mux.slow-fast",
  title = "A config request sent after a slow streamed agent answer is answered before that stream ends",
  covers = { "trustgraph.mux.no-head-of-line" },
  run = function(t)
    local ws = tg.connect(t)
    tg.send(ws, "slow", "agent", { question = "Why are graphs useful?", streaming = true }, tg.FLOW)
    tg.send(ws, "fast", "config", { operation = "list", type = "flow" })
    local _, fast = ws:expect{ json = { id = "fast" }, within = 3, req = "trustgraph.mux.no-head-of-line" }
    local values, frames = tg.stream(t, ws, "slow", { req = "trustgraph.mux.no-head-of-line" })
    t:check("trustgraph.mux.no-head-of-line", #values >= 3, "the agent answer is streamed", { received = #values })
    t:check("trustgraph.mux.no-head-of-line", fast.seq < frames[#frames].seq,
            "the fast answer arrives before the slow stream's final frame",
            { expected = "before frame " .. frames[#frames].seq, received = fast.seq })
  end,
}

scenario {
  id = "trustgraph.gateway.numeric-id",
  title = "A numeric id comes back as the same number",
  covers = { "trustgraph.gateway.numeric-id" },
  profiles = { "gateway" },
  run = function(t)
    local ws = tg.connect(t)
    local req = "trustgraph.gateway.numeric-id"
    tg.send(ws, 7, "flow", { operation = "list-blueprints" })
    local v = ws:expect{ json = { id = 7 }, within = 2, req = req, what = "an answer with id 7" }
    t:equal(req, math.type(v.id), "integer", "the id is a number")
  end,
}

scenario {
  id = "trustgraph.gateway.duplicate-ids",
  title = "Two streamed agent requests in flight with the same id are both answered in full",
  covers = { "trustgraph.gateway.duplicate-ids" },
  profiles = { "gateway" },
  run = function(t)
    local ws = tg.connect(t)
    local req = "trustgraph.gateway.duplicate-ids"
    local body = { question = "twice?", streaming = true }
    tg.send(ws, "dup", "agent", body, tg.FLOW)
    tg.send(ws, "dup", "agent", body, tg.FLOW)
    local v = ws:collect{ json = { id = "dup" }, count = 24, within = 3, req = req, what = "two answers of 12 frames" }
    local finals, answer = 0, {}
    for _, f in ipairs(v) do
      if f.complete == true then finals = finals + 1 end
      local r = f.response or {}
      if r.message_type == "answer" and r.content then answer[#answer + 1] = r.content end
    end
    t:equal(req, finals, 2, "two final frames")
    local one = tg.words(t.seed, "answer", "twice?", 12)
    t:equal(req, #table.concat(answer), 2 * #one, "the answer text twice")
  end,
}

scenario {
  id = "trustgraph.spec.duplicate-ids",
  title = "A request reusing an id still in flight is refused with a gateway-error; the first answer goes on",
  covers = { "trustgraph.spec.duplicate-ids" },
  profiles = { "spec" },
  run = function(t)
    local ws = tg.connect(t)
    local req = "trustgraph.spec.duplicate-ids"
    local body = { question = "twice?", streaming = true }
    tg.send(ws, "dup", "agent", body, tg.FLOW)
    tg.send(ws, "dup", "agent", body, tg.FLOW)
    ws:expect{ json = { id = "dup", error = { type = "gateway-error" } }, within = 2, req = req,
               what = "a gateway-error for the reused id" }
    local v = tg.stream(t, ws, "dup", { req = req })
    t:equal(req, #v, 9, "the first request's nine frames")
    local parts = {}
    for _, f in ipairs(v) do
      local r = f.response or {}
      if r["chunk-type"] == "answer" then parts[#parts + 1] = r.content end
    end
    t:equal(req, table.concat(parts), tg.words(t.seed, "answer", "twice?", 12), "the first request's answer")
    ws:expect_none{ json = { id = "dup" }, within = 0.2, req = req, what = "a second answer for the reused id" }
  end,
}

scenario {
  id = "trustgraph.envelope.binary-frames",
  title = "A request sent as a binary frame is answered like the same request as text",
  covers = { "trustgraph.envelope.binary-frames" },
  run = function(t)
    local ws = tg.connect(t)
    local req = "trustgraph.envelope.binary-frames"
    local text = json.encode{ id = "bin", service = "flow", request = { operation = "list-blueprints" } }
    ws:send_binary(text)
    local b = ws:expect{ json = { id = "bin" }, within = 2, req = req, what = "an answer to the binary frame" }
    ws:send_text(text)
    local a = ws:expect{ json = { id = "bin" }, within = 2, req = req, what = "an answer to the text frame" }
    t:equal(req, b, a, "the same answer")
  end,
}
