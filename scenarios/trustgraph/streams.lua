-- Streaming sequences with exact content (mocks/README.md, TrustGraph: deterministic text).
local tg = require("trustgraph")
local Q = "What is TrustGraph?"

-- The values' field, joined, for frames whose type field equals kind.
local function joined(values, type_key, kind, text_key)
  local parts = {}
  for _, v in ipairs(values) do
    local r = v.response or {}
    if r[type_key] == kind then parts[#parts + 1] = r[text_key] or "" end
  end
  return table.concat(parts)
end

-- complete false on every frame but the last, true on the last.
local function check_complete(t, values, what)
  for i, v in ipairs(values) do
    t:equal("trustgraph.gateway.complete-flag", v.complete, i == #values, what .. " frame " .. i .. " complete")
  end
end

scenario {
  id = "trustgraph.spec.agent-stream",
  title = "Streamed agent answer: chunk-type thought / observation / answer pieces with end-of-stream on the last only",
  covers = { "trustgraph.spec.stream-flags", "trustgraph.stream.final-once" },
  profiles = { "spec" },
  run = function(t)
    local ws = tg.connect(t)
    local v = tg.call(t, ws, "ag", "agent", { question = Q, streaming = true }, tg.FLOW,
                      { req = "trustgraph.spec.stream-flags", after = "trustgraph.stream.final-once" })
    local req = "trustgraph.spec.stream-flags"
    t:equal(req, #v, 9, "three pieces each of thought, observation and answer")
    local order = {}
    for i, f in ipairs(v) do
      local r = f.response or {}
      order[#order + 1] = r["chunk-type"]
      t:equal(req, r["end-of-stream"], i == #v, "frame " .. i .. " end-of-stream")
    end
    t:equal(req, order, { "thought", "thought", "thought", "observation", "observation", "observation",
                          "answer", "answer", "answer" }, "chunk-type sequence")
    t:equal(req, joined(v, "chunk-type", "thought", "content"), tg.words(t.seed, "thought", Q, 6), "thought text")
    t:equal(req, joined(v, "chunk-type", "answer", "content"), tg.words(t.seed, "answer", Q, 12), "answer text")
  end,
}

scenario {
  id = "trustgraph.gateway.agent-stream",
  title = "Streamed agent answer: explain, thought and observation pieces, answer pieces, final end_of_dialog; not streamed, the final frame has the whole answer",
  covers = { "trustgraph.gateway.agent-stream", "trustgraph.gateway.complete-flag", "trustgraph.stream.final-once" },
  profiles = { "gateway" },
  run = function(t)
    local ws = tg.connect(t)
    local v = tg.call(t, ws, "ag", "agent", { question = Q, streaming = true }, tg.FLOW,
                      { req = "trustgraph.gateway.agent-stream", after = "trustgraph.stream.final-once" })
    local req = "trustgraph.gateway.agent-stream"
    local order, eom = {}, {}
    for _, f in ipairs(v) do
      local r = f.response or {}
      order[#order + 1] = r.message_type
      eom[#eom + 1] = r.end_of_message
    end
    t:equal(req, order, { "explain", "thought", "thought", "thought", "explain", "observation", "observation",
                          "observation", "answer", "answer", "answer", "answer" }, "message_type sequence")
    t:equal(req, eom, { true, false, false, true, true, false, false, true, false, false, false, true },
            "end_of_message on the last piece of each message")
    t:equal(req, joined(v, "message_type", "thought", "content"), tg.words(t.seed, "thought", Q, 6), "thought text")
    t:equal(req, joined(v, "message_type", "observation", "content"), tg.words(t.seed, "observation", Q, 6),
            "observation text")
    t:equal(req, joined(v, "message_type", "answer", "content"), tg.words(t.seed, "answer", Q, 12), "answer text")
    local last = v[#v].response or {}
    t:equal(req, last.end_of_dialog, true, "final frame end_of_dialog")
    for i = 1, #v - 1 do t:equal(req, (v[i].response or {}).end_of_dialog, false, "frame " .. i .. " end_of_dialog") end
    check_complete(t, v, "agent")
    -- Not streamed: whole messages, the final frame carrying the whole answer.
    v = tg.call(t, ws, "ag2", "agent", { question = Q }, tg.FLOW, { req = req })
    local last2 = v[#v].response or {}
    t:equal(req, last2.content, tg.words(t.seed, "answer", Q, 12), "non-streamed: the final frame has the whole answer")
    t:equal(req, last2.end_of_dialog, true, "non-streamed: final frame end_of_dialog")
    check_complete(t, v, "non-streamed agent")
  end,
}

scenario {
  id = "trustgraph.spec.rag-stream",
  title = "Streamed graph-rag and document-rag answers: content pieces, end-of-stream on the last, joined = the answer",
  covers = { "trustgraph.spec.rag-stream", "trustgraph.stream.final-once" },
  profiles = { "spec" },
  run = function(t)
    local ws = tg.connect(t)
    local req = "trustgraph.spec.rag-stream"
    for _, svc in ipairs({ "graph-rag", "document-rag" }) do
      local q = "who works on " .. svc
      local v = tg.call(t, ws, svc, svc, { query = q, streaming = true }, tg.FLOW,
                        { req = req, after = "trustgraph.stream.final-once" })
      t:equal(req, #v, 3, svc .. ": three pieces")
      local parts = {}
      for i, f in ipairs(v) do
        local r = f.response or {}
        parts[#parts + 1] = r.content
        t:equal(req, r["end-of-stream"], i == #v, svc .. " frame " .. i .. " end-of-stream")
      end
      t:equal(req, parts, tg.pieces(t.seed, svc, q, 16, 3), svc .. ": the pieces of the answer, in order")
    end
  end,
}

scenario {
  id = "trustgraph.gateway.rag-stream",
  title = "Streamed graph-rag and document-rag: two explain frames, chunk pieces (end_of_stream on the last), final end_of_session",
  covers = { "trustgraph.gateway.rag-stream", "trustgraph.gateway.complete-flag", "trustgraph.stream.final-once" },
  profiles = { "gateway" },
  run = function(t)
    local ws = tg.connect(t)
    local req = "trustgraph.gateway.rag-stream"
    local q = "who knows carol"
    local v = tg.call(t, ws, "gr", "graph-rag", { query = q, streaming = true }, tg.FLOW,
                      { req = req, after = "trustgraph.stream.final-once" })
    t:equal(req, #v, 6, "two explain frames, three chunks, the end frame")
    local want = tg.pieces(t.seed, "graph-rag", q, 16, 3)
    local types, parts, eos, eoss = {}, {}, {}, {}
    for i, f in ipairs(v) do
      local r = f.response or {}
      types[i], eos[i], eoss[i] = r.message_type, r.end_of_stream, r.end_of_session
      if r.message_type == "chunk" and i < #v then parts[#parts + 1] = r.response end
    end
    t:equal(req, types, { "explain", "explain", "chunk", "chunk", "chunk", "chunk" }, "message_type sequence")
    t:equal(req, parts, want, "chunk pieces of the answer, in order")
    t:equal(req, eos, { false, false, false, false, true, false }, "end_of_stream on the last LLM chunk")
    t:equal(req, eoss, { false, false, false, false, false, true }, "end_of_session on the final frame only")
    t:equal(req, (v[#v].response or {}).response, "", "the final frame's response is empty")
    check_complete(t, v, "graph-rag")
    -- document-rag ends with a message_type "end" frame instead of an empty chunk.
    q = "what is a chunk"
    v = tg.call(t, ws, "dr", "document-rag", { query = q, streaming = true }, tg.FLOW,
                { req = req, after = "trustgraph.stream.final-once" })
    local text = {}
    for i = 1, #v - 1 do
      local r = v[i].response or {}
      if r.message_type == "chunk" then text[#text + 1] = r.response end
    end
    t:equal(req, text, tg.pieces(t.seed, "document-rag", q, 16, 3), "document-rag chunk pieces")
    local last = v[#v].response or {}
    t:equal(req, { last.message_type, last.end_of_stream, last.end_of_session }, { "end", false, true },
            "document-rag final frame: message_type end, end_of_session")
    check_complete(t, v, "document-rag")
  end,
}

scenario {
  id = "trustgraph.gateway.triples-batches",
  title = "Streamed triples with batch-size 5: frames of at most 5 triples, all 12 seeded triples, the last complete",
  covers = { "trustgraph.gateway.triples-batches", "trustgraph.gateway.complete-flag" },
  profiles = { "gateway" },
  run = function(t)
    local ws = tg.connect(t)
    local req = "trustgraph.gateway.triples-batches"
    local v = tg.call(t, ws, "tr", "triples", { streaming = true, ["batch-size"] = 5 }, tg.FLOW, { req = req })
    local sizes, total = {}, 0
    for i, f in ipairs(v) do
      local batch = (f.response or {}).response or {}
      sizes[i] = #batch
      total = total + #batch
    end
    t:equal(req, sizes, { 5, 5, 2 }, "batch sizes")
    t:equal(req, total, 12, "every seeded triple once")
    check_complete(t, v, "triples")
  end,
}
