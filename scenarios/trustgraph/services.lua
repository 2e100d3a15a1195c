-- Service answers with exact content (mocks/README.md, TrustGraph: seeded state and
-- deterministic embeddings).
local tg = require("trustgraph")

scenario {
  id = "trustgraph.knowledge.core-stream",
  title = "get-kg-core of core-1: triples frames (12 triples), graph-embeddings (5 entities), then the final end frame",
  covers = { "trustgraph.knowledge.core-stream" },
  run = function(t)
    local ws = tg.connect(t)
    local req = "trustgraph.knowledge.core-stream"
    local v = tg.call(t, ws, "kg", "knowledge", { operation = "get-kg-core", id = "core-1", user = "trustgraph" }, nil,
                      { req = req })
    local kinds, triples, entities = {}, 0, 0
    for i, f in ipairs(v) do
      local r = f.response or {}
      if r.triples then
        kinds[i] = "triples"
        triples = triples + #(r.triples.triples or {})
      elseif r["graph-embeddings"] then
        kinds[i] = "graph-embeddings"
        entities = entities + #(r["graph-embeddings"].entities or {})
      else
        kinds[i] = "end"
      end
    end
    t:equal(req, kinds, { "triples", "triples", "triples", "graph-embeddings", "end" }, "frame order (kg_batch 5)")
    t:equal(req, triples, 12, "the seeded triples")
    t:equal(req, entities, 5, "one embedding per entity (trustgraph, graph-db, alice, bob, carol)")
    local last = v[#v].response or {}
    if tg.gateway(t) then
      t:equal(req, last, { eos = true }, "the end frame")
    else
      t:equal(req, last, { ["end-of-stream"] = true }, "the end frame")
    end
  end,
}

scenario {
  id = "trustgraph.embeddings.vectors",
  title = "embeddings answers the deterministic vector of each text in the profile's shape",
  covers = { "trustgraph.embeddings.vectors" },
  run = function(t)
    local ws = tg.connect(t)
    local req = "trustgraph.embeddings.vectors"
    local hello, other = tg.embedding(t.seed, "hello"), tg.embedding(t.seed, "graphs")
    if tg.gateway(t) then
      local v = tg.call(t, ws, "em", "embeddings", { texts = { "hello", "graphs" } }, tg.FLOW, { req = req })
      t:equal(req, (v[#v].response or {}).vectors, { hello, other }, "one vector per text, in order")
    else
      local v = tg.call(t, ws, "em", "embeddings", { text = "hello" }, tg.FLOW, { req = req })
      t:equal(req, (v[#v].response or {}).vectors, hello, "the text's vector")
    end
  end,
}
