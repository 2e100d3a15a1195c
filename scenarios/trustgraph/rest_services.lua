-- Every service of the profile over REST (protocols/trustgraph.md §1.11; the document's
-- "identical schemas to the REST API"): the body equals the socket's final response.
-- Requests whose answer other scenarios could change meanwhile are avoided (read-only
-- operations, users nobody writes to, ranking cut to the query's own item).
local tg = require("trustgraph")
local E = "http://trustgraph.ai/e/"

local function calls(t)
  local gw = tg.gateway(t)
  local key = gw and "vector" or "vectors"
  local select = "SELECT ?o WHERE { <" .. E .. "bob> <" .. E .. "knows> ?o }"
  local list = {
    { "librarian", { operation = "get-document-metadata", ["document-id"] = "doc-1" } },
    { "librarian", { operation = "list-processing", user = "wsconf-rest" } },
    -- Streamed: REST answers only the last frame's response (protocols §1.11).
    { "librarian", { operation = "stream-document", ["document-id"] = "doc-1", ["chunk-size"] = 100 } },
    { "collection-management", { operation = "list-collections" } },
    { "knowledge", { operation = "list-kg-cores" } },
    { "document-rag", { query = "What is a graph?" }, tg.FLOW },
    { "graph-rag", { query = "Who knows Bob?" }, tg.FLOW },
    { "embeddings", gw and { texts = { "rest" } } or { text = "rest" }, tg.FLOW },
    { "triples", { s = { t = "i", i = E .. "carol" } }, tg.FLOW },
    { "prompt", { id = "summary", terms = { topic = '"graphs"' } }, tg.FLOW },
    { "graph-embeddings", { [key] = tg.embedding(t.seed, E .. "carol"), limit = 1 }, tg.FLOW },
    { "document-embeddings", { [key] = tg.embedding(t.seed, "doc-1/c2"), limit = 1 }, tg.FLOW },
    { gw and "rows" or "objects", { query = "{ customers { name city } }", variables = { city = "Berlin" } }, tg.FLOW },
    { "nlp-query", { question = "Who lives in Berlin?" }, tg.FLOW },
    { "structured-query", { question = "List the customers" }, tg.FLOW },
    { "structured-diag", { operation = "detect-type", sample = "<x/>" }, tg.FLOW },
    { "mcp-tool", { name = "lookup", parameters = { id = 7 } }, tg.FLOW },
    { gw and "sparql" or "sparql-query", { query = select }, tg.FLOW },
    { "text-load", { text = "REST text" }, tg.FLOW },
    { "document-load", { data = crypto.base64("REST document") }, tg.FLOW },
  }
  if gw then
    list[#list + 1] = { "row-embeddings", { vector = tg.embedding(t.seed, "carol"), limit = 1 }, tg.FLOW }
  end
  return list
end

scenario {
  id = "trustgraph.rest.every-service",
  title = "librarian (also streamed), collection-management, knowledge, the RAG services, prompt, embeddings and their queries, triples, rows/objects, nlp-query, structured-query, structured-diag, mcp-tool, SPARQL, text-load and document-load over REST return the socket's final response",
  covers = { "trustgraph.rest.twin" },
  run = function(t)
    local ws = tg.connect(t)
    local req = "trustgraph.rest.twin"
    for n, c in ipairs(calls(t)) do
      local v = tg.call(t, ws, "rs" .. n, c[1], c[2], c[3], { req = req })
      local final = v[#v]
      t:check(req, type(final) == "table" and type(final.response) == "table" and tg.error_of(final) == nil,
              c[1] .. ": the socket answers without error", { received = final })
      local res = tg.rest(t, c[1], c[2], c[3])
      t:equal(req, res.status, 200, c[1] .. ": HTTP status")
      t:equal(req, res.json, final and final.response, c[1] .. ": REST body = the socket's final response")
    end
  end,
}
