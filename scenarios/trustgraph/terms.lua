-- RDF terms on the wire (protocols/trustgraph.md §1.6, §1.12 "Terms"): the gateway's
-- TermTranslator form (literal datatype dt, language ln, quoted triple t/tr) and the
-- document's RdfValue form (datatype d, language l, quoted triple r), in answers and in
-- requests (triples query, knowledge cores, SPARQL bindings).
local tg = require("trustgraph")
local E = "http://trustgraph.ai/e/"
local XSD_INT = "http://www.w3.org/2001/XMLSchema#integer"

-- A literal and a quoted triple in the profile's form.
local function literal(gw, v, datatype, lang)
  local x = { t = "l", v = v }
  if datatype then x[gw and "dt" or "d"] = datatype end
  if lang then x[gw and "ln" or "l"] = lang end
  return x
end
local function quoted(gw, s, p, o)
  if gw then return { t = "t", tr = { s = s, p = p, o = o } } end
  return { t = "r", r = { s = s, p = p, o = o } }
end
local function iri(i) return { t = "i", i = i } end

scenario {
  id = "trustgraph.terms.wire-form",
  title = "Literal datatypes, languages and quoted triples in the profile's term form: triples answers and queries, knowledge cores round trip, SPARQL bindings",
  covers = { "trustgraph.terms.wire-form" },
  run = function(t)
    local ws = tg.connect(t)
    local req = "trustgraph.terms.wire-form"
    local gw = tg.gateway(t)
    local age = literal(gw, "42", XSD_INT)
    local function triples(id, request)
      local v = tg.call(t, ws, id, "triples", request, tg.FLOW, { req = req })
      return ((v[#v] or {}).response or {}).response
    end
    t:equal(req, triples("t1", { s = iri(E .. "bob"), p = iri(E .. "age") }),
            { { s = iri(E .. "bob"), p = iri(E .. "age"), o = age } }, "bob's age: a typed literal")
    t:equal(req, triples("t2", { p = iri(E .. "age"), o = age }),
            { { s = iri(E .. "bob"), p = iri(E .. "age"), o = age } }, "a typed literal in a query matches")
    local v = tg.call(t, ws, "s1", gw and "sparql" or "sparql-query",
                      { query = "SELECT ?o WHERE { <" .. E .. "bob> <" .. E .. "age> ?o }" }, tg.FLOW, { req = req })
    t:equal(req, ((v[#v] or {}).response or {}).bindings, { { o = age } }, "a SPARQL binding of a typed literal")

    local user = "wsconf-terms"
    local K = "http://wsconf.test/terms/"
    local stored = {
      { s = iri(K .. "kay"), p = iri("http://www.w3.org/2000/01/rdf-schema#label"), o = literal(gw, "Kay", nil, "en") },
      { s = quoted(gw, iri(K .. "kay"), iri(K .. "knows"), iri(K .. "lee")), p = iri(K .. "since"),
        o = literal(gw, "2020", XSD_INT) },
    }
    v = tg.call(t, ws, "k1", "knowledge", { operation = "put-kg-core", user = user, id = "terms-core",
      triples = { metadata = { id = "terms-core", root = "", user = user, collection = "default" }, triples = stored } },
      nil, { req = req })
    t:equal(req, tg.error_of(v[#v]), nil, "put-kg-core accepts the profile's terms")
    v = tg.call(t, ws, "k2", "knowledge", { operation = "get-kg-core", user = user, id = "terms-core" }, nil, { req = req })
    local first = (v[1] or {}).response or {}
    t:equal(req, first.triples and first.triples.triples, stored, "get-kg-core returns the terms in the same form")
    tg.call(t, ws, "k3", "knowledge", { operation = "delete-kg-core", user = user, id = "terms-core" }, nil, { req = req })
  end,
}
