-- Flow services beyond agent / LLM / RAG / triples: prompt templates, embeddings queries,
-- structured data, structured-diag, mcp-tool and SPARQL, with exact content in each
-- profile's spelling (protocols/trustgraph.md §1.8, §1.12; mocks/README.md TrustGraph).
local tg = require("trustgraph")
local E = "http://trustgraph.ai/e/"

-- One request; returns the final frame, its response and the frame list.
local function ask(t, ws, id, service, request, req, opts)
  opts = opts or {}
  opts.req = req
  local v = tg.call(t, ws, id, service, request, tg.FLOW, opts)
  local last = v[#v]
  return last, type(last) == "table" and last.response or nil, v
end

-- The answer to a flow service this profile does not offer.
local function not_offered(t, ws, id, service, req)
  local last = ask(t, ws, id, service, { query = "x" }, req)
  if tg.gateway(t) then
    t:equal(req, last, { id = id, error = { message = "This kind not supported by flow", type = "error" }, complete = true },
            service .. " is not a kind of the gateway's flow")
  else
    t:equal(req, last, { id = id, error = { type = "gateway-error", message = "Unknown service: " .. service } },
            service .. " is not a service of the document")
  end
end

scenario {
  id = "trustgraph.prompt.templates",
  title = "prompt: the template's text for terms and for variables (JSON-encoded), the -json template's object, streamed pieces",
  covers = { "trustgraph.prompt.templates" },
  run = function(t)
    local ws = tg.connect(t)
    local req = "trustgraph.prompt.templates"
    local gw = tg.gateway(t)
    local input = 'question\n{"q":"\\"hi\\""}'
    local text = tg.words(t.seed, "prompt", input, 16)
    local want = gw and { text = text, end_of_stream = true, in_token = 2, out_token = 16, model = "mock-llm" }
                    or { text = text, ["end-of-stream"] = true }
    local _, r = ask(t, ws, "p1", "prompt", { id = "question", terms = { q = '"hi"' } }, req)
    t:equal(req, r, want, "terms: the template's text")
    _, r = ask(t, ws, "p2", "prompt", { id = "question", variables = { q = "hi" } }, req)
    t:equal(req, r, want, "variables are the terms JSON-encoded: the same text")
    local answer = tg.words(t.seed, "prompt", 'extract-json\n{"q":"\\"hi\\""}', 16)
    _, r = ask(t, ws, "p3", "prompt", { id = "extract-json", variables = { q = "hi" } }, req)
    if gw then
      t:equal(req, r, { object = json.encode({ answer = answer }), end_of_stream = true, in_token = 2, out_token = 16,
                        model = "mock-llm" }, "a -json template: object as JSON text")
    else
      t:equal(req, r, { object = { answer = answer }, ["end-of-stream"] = true }, "a -json template: object as an object")
    end
    local _, _, v = ask(t, ws, "p4", "prompt", { id = "question", terms = { q = '"hi"' }, streaming = true }, req,
                        { after = req })
    local pieces = tg.pieces(t.seed, "prompt", input, 16, 3)
    t:equal(req, #v, #pieces, "one frame per piece")
    for i, f in ipairs(v) do
      local x = f.response or {}
      if gw then
        t:equal(req, x.text, pieces[i], "piece " .. i .. " text")
        t:equal(req, x.end_of_stream, i == #v, "piece " .. i .. " end_of_stream")
      else
        t:equal(req, x.content, pieces[i], "piece " .. i .. " content")
        t:equal(req, x["end-of-stream"], i == #v, "piece " .. i .. " end-of-stream")
      end
    end
    local last = ask(t, ws, "p5", "prompt", { id = "fail:no template" }, req)
    t:equal(req, tg.error_of(last), { type = "llm-error", message = "no template" }, "a failing template: llm-error")
  end,
}

-- Checks a ranked list: `limit` entries, the first `top` with score 1, scores falling,
-- each the mock's cosine score of the query and the entry's name.
local function check_ranking(t, req, list, name_of, query, top, limit, what)
  t:equal(req, type(list) == "table" and #list or nil, limit, what .. ": limit entries")
  local prev = math.huge
  for i, x in ipairs(list or {}) do
    local name = name_of(x)
    if i == 1 then t:equal(req, name, top, what .. ": the query's own item first") end
    local want = type(name) == "string" and tg.score(query, tg.embedding_micro(t.seed, name)) or nil
    t:check(req, tg.same_score(x.score, want), what .. ": score of " .. tostring(name),
            { expected = want, received = x.score })
    t:check(req, type(x.score) == "number" and x.score <= prev, what .. ": highest first", { received = list })
    prev = type(x.score) == "number" and x.score or prev
  end
end

scenario {
  id = "trustgraph.embeddings.queries",
  title = "graph-embeddings, document-embeddings and row-embeddings rank by similarity to the query vector, cut to limit",
  covers = { "trustgraph.embeddings.queries" },
  run = function(t)
    local ws = tg.connect(t)
    local req = "trustgraph.embeddings.queries"
    local gw = tg.gateway(t)
    local key = gw and "vector" or "vectors"
    local alice = tg.embedding(t.seed, E .. "alice")
    local _, r = ask(t, ws, "g1", "graph-embeddings", { [key] = alice, limit = 3 }, req)
    check_ranking(t, req, r and r.entities, function(x) return type(x.entity) == "table" and x.entity.i end,
                  tg.embedding_micro(t.seed, E .. "alice"), E .. "alice", 3, "graph-embeddings")
    t:equal(req, r and r.entities and r.entities[1] and r.entities[1].entity, { t = "i", i = E .. "alice" },
            "entity as an IRI term")
    _, r = ask(t, ws, "d1", "document-embeddings", { [key] = tg.embedding(t.seed, "doc-2/c1"), limit = 2 }, req)
    check_ranking(t, req, r and r.chunks, function(x) return x.chunk_id end, tg.embedding_micro(t.seed, "doc-2/c1"),
                  "doc-2/c1", 2, "document-embeddings")
    local last = ask(t, ws, "m1", "graph-embeddings", { limit = 3 }, req)
    if gw then
      t:equal(req, last, { id = "m1", response = { error = { type = "gateway-error", message = "'vector'" } },
                           complete = true }, "no query vector")
      local bob = tg.embedding_micro(t.seed, "bob")
      _, r = ask(t, ws, "r1", "row-embeddings", { vector = tg.embedding(t.seed, "bob"), limit = 3 }, req)
      local want = {}
      for _, name in ipairs({ "alice", "bob", "carol" }) do
        want[#want + 1] = { index_name = "name", index_value = { name }, text = name,
                            score = tg.score(bob, tg.embedding_micro(t.seed, name)) }
      end
      table.sort(want, function(a, b) return a.score > b.score end)
      local got = r and r.matches or {}
      t:equal(req, #got, 3, "row-embeddings: every row")
      for i, m in ipairs(want) do
        local g = got[i] or {}
        t:equal(req, { g.index_name, g.index_value, g.text }, { m.index_name, m.index_value, m.text },
                "row-embeddings match " .. i)
        t:check(req, tg.same_score(g.score, m.score), "row-embeddings score " .. i, { expected = m.score, received = g.score })
      end
    else
      t:equal(req, last, { id = "m1", error = { type = "gateway-error", message = "Missing required field: vectors" } },
              "no query vector")
      not_offered(t, ws, "r1", "row-embeddings", req)
    end
  end,
}

scenario {
  id = "trustgraph.rows.query",
  title = "rows (gateway) / objects (spec): data for the query and its variables, errors for an unknown field; the other name is not offered",
  covers = { "trustgraph.rows.query" },
  run = function(t)
    local ws = tg.connect(t)
    local req = "trustgraph.rows.query"
    local gw = tg.gateway(t)
    local svc = gw and "rows" or "objects"
    local _, r = ask(t, ws, "q1", svc, { query = "{ customers { name city } }", variables = { city = "Paris" } }, req)
    local want = { data = { customers = { { name = "bob", city = "Paris" } } }, errors = {} }
    if gw then want.extensions = {} end
    t:equal(req, r, want, "customers in Paris")
    _, r = ask(t, ws, "q2", svc, { query = "{ customers { name } }" }, req)
    t:equal(req, #(((r or {}).data or {}).customers or {}), 3, "every customer without variables")
    _, r = ask(t, ws, "q3", svc, { query = "{ orders { id } }" }, req)
    want = { data = json.null, errors = { { message = "Cannot query field: the schema has only customers", path = {},
                                            extensions = {} } } }
    if gw then want.extensions = {} end
    t:equal(req, r, want, "an unknown field: data null and the error")
    local last = ask(t, ws, "q4", svc, { query = "fail:store down" }, req)
    t:equal(req, tg.error_of(last), { type = "rows-query-error", message = "store down" }, "a back-end failure")
    not_offered(t, ws, "q5", gw and "objects" or "rows", req)
  end,
}

scenario {
  id = "trustgraph.structured.queries",
  title = "nlp-query answers the GraphQL query, variables, detected schemas and confidence in the profile's spelling; structured-query answers data and errors",
  covers = { "trustgraph.structured.queries" },
  run = function(t)
    local ws = tg.connect(t)
    local req = "trustgraph.structured.queries"
    local gw = tg.gateway(t)
    local _, r = ask(t, ws, "n1", "nlp-query", { question = "Which customers live in Paris?" }, req)
    t:equal(req, r, { [gw and "graphql_query" or "graphql-query"] = "query { customers { name city } }", variables = {},
                      [gw and "detected_schemas" or "detected-schemas"] = { "customers" }, confidence = 0.9 },
            "nlp-query response")
    _, r = ask(t, ws, "s1", "structured-query", { question = "List the customers" }, req)
    t:equal(req, r, { data = { customers = { { name = "alice", city = "London" }, { name = "bob", city = "Paris" },
                                             { name = "carol", city = "Berlin" } } }, errors = {} },
            "structured-query response")
    local last = ask(t, ws, "n2", "nlp-query", { question = "fail:" }, req)
    t:equal(req, tg.error_of(last), { type = "nlp-query-error", message = "Failure requested" }, "nlp-query failure")
    last = ask(t, ws, "s2", "structured-query", { question = "fail:no schema" }, req)
    t:equal(req, tg.error_of(last), { type = "structured-query-error", message = "no schema" }, "structured-query failure")
  end,
}

scenario {
  id = "trustgraph.structured-diag.operations",
  title = "structured-diag: detect-type, generate-descriptor, diagnose and schema-selection answers; an unknown operation is request-error",
  covers = { "trustgraph.structured-diag.operations" },
  run = function(t)
    local ws = tg.connect(t)
    local req = "trustgraph.structured-diag.operations"
    local cases = {
      { { operation = "detect-type", sample = '{"a": 1}' },
        { operation = "detect-type", ["detected-type"] = "json", confidence = 0.9 } },
      { { operation = "generate-descriptor", sample = "<a/>", type = "xml", ["schema-name"] = "orders" },
        { operation = "generate-descriptor", descriptor = { format = "xml", schema = "orders" } } },
      { { operation = "diagnose", sample = "a,b\n1,2" },
        { operation = "diagnose", ["detected-type"] = "csv", confidence = 0.9,
          descriptor = { format = "csv", schema = "customers" }, metadata = { ["sample-size"] = 7 } } },
      { { operation = "schema-selection", sample = "name,city" },
        { operation = "schema-selection", ["schema-matches"] = { "customers" } } },
    }
    for n, c in ipairs(cases) do
      local _, r = ask(t, ws, "sd" .. n, "structured-diag", c[1], req)
      t:equal(req, r, c[2], c[1].operation)
    end
    local last = ask(t, ws, "sd9", "structured-diag", { operation = "guess", sample = "x" }, req)
    t:equal(req, tg.error_of(last), { type = "request-error", message = "Invalid operation: guess" }, "unknown operation")
  end,
}

scenario {
  id = "trustgraph.mcp-tool.invoke",
  title = "mcp-tool answers the deterministic text of the tool name and its parameters; a failing tool is tool-error",
  covers = { "trustgraph.mcp-tool.invoke" },
  run = function(t)
    local ws = tg.connect(t)
    local req = "trustgraph.mcp-tool.invoke"
    local _, r = ask(t, ws, "m1", "mcp-tool", { name = "weather", parameters = { city = "Paris" } }, req)
    t:equal(req, r, { text = tg.words(t.seed, "mcp-tool", 'weather\n{"city":"Paris"}', 8) }, "with parameters")
    _, r = ask(t, ws, "m2", "mcp-tool", { name = "weather" }, req)
    t:equal(req, r, { text = tg.words(t.seed, "mcp-tool", "weather\n{}", 8) }, "without parameters")
    local last = ask(t, ws, "m3", "mcp-tool", { name = "fail:tool crashed" }, req)
    t:equal(req, tg.error_of(last), { type = "tool-error", message = "tool crashed" }, "a failing tool")
  end,
}

scenario {
  id = "trustgraph.sparql.query",
  title = "SPARQL (gateway sparql, spec sparql-query): SELECT bindings, ASK results, batches of batch-size when streaming, sparql-parse-error",
  covers = { "trustgraph.sparql.query" },
  run = function(t)
    local ws = tg.connect(t)
    local req = "trustgraph.sparql.query"
    local gw = tg.gateway(t)
    local svc = gw and "sparql" or "sparql-query"
    local _, r = ask(t, ws, "s1", svc, { query = "SELECT ?o WHERE { <" .. E .. "alice> <" .. E .. "knows> ?o }" }, req)
    t:equal(req, r, { variables = { "o" }, bindings = { { o = { t = "i", i = E .. "bob" } } } }, "SELECT: who alice knows")
    _, r = ask(t, ws, "s2", svc, { query = "ASK { <" .. E .. "alice> <" .. E .. "knows> <" .. E .. "bob> }" }, req)
    t:equal(req, r, { ["ask-result"] = true }, "ASK: alice knows bob")
    _, r = ask(t, ws, "s3", svc, { query = "ASK { <" .. E .. "alice> <" .. E .. "knows> <" .. E .. "carol> }" }, req)
    t:equal(req, r, { ["ask-result"] = false }, "ASK: alice does not know carol")
    local q = "SELECT ?s ?o WHERE { ?s <" .. E .. "knows> ?o }"
    local _, _, v = ask(t, ws, "s4", svc, { query = q, streaming = true, ["batch-size"] = 1 }, req,
                        { after = "trustgraph.sparql.query" })
    t:equal(req, #v, 2, "two bindings in batches of one: two frames")
    local pairs_seen = {}
    for i, f in ipairs(v) do
      local x = f.response or {}
      t:equal(req, x.variables, { "s", "o" }, "frame " .. i .. " variables")
      t:equal(req, #(x.bindings or {}), 1, "frame " .. i .. " one binding")
      local b = (x.bindings or {})[1] or {}
      pairs_seen[#pairs_seen + 1] = tostring(b.s and b.s.i) .. " " .. tostring(b.o and b.o.i)
      if gw then
        t:equal(req, f.complete, i == #v, "frame " .. i .. " complete")
      else
        t:equal(req, x["end-of-stream"], i == #v, "frame " .. i .. " end-of-stream")
      end
    end
    table.sort(pairs_seen)
    t:equal(req, pairs_seen, { E .. "alice " .. E .. "bob", E .. "bob " .. E .. "carol" }, "the knows pairs")
    local last = ask(t, ws, "s5", svc, { query = "DESCRIBE <" .. E .. "alice>" }, req)
    t:equal(req, tg.error_of(last), { type = "sparql-parse-error",
      message = "Unsupported query: SELECT or ASK over one triple pattern" }, "an unsupported query")
    not_offered(t, ws, "s6", gw and "sparql-query" or "sparql", req)
  end,
}
