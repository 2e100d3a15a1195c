#!/bin/sh
# The spec-profile expectations run against a server in profile gateway must break
# exactly where protocols/trustgraph.md §1.12 says the two disagree: completion flags
# (so correlation, per-id order, REST = last frame, stream-document), chunk fields, error
# shapes and texts, REST error status, config values as JSON text, embeddings fields, RDF
# terms (dt / d), field spellings (tag-filter, graphql-query, end-of-stream), service names
# (objects, sparql-query, start-processing, update-document), duplicate ids (§1.3).
# Behaviours the profiles share (open auth, id echo, binary frames, the 50 MiB limit, REST
# 405, librarian documents, children and uploads, mcp-tool, structured-diag) still pass.
# Usage: profiles_differ.sh WSCONF SERVER SCENARIOS OUT
set -u
out=$("$1" run --server "$2" --only trustgraph --out "$4" "$3" 2>&1)
got=$(printf '%s\n' "$out" | awk '$1 ~ /^(PASS|FAIL|ERROR|INFO|NON-STRICT)$/ { print $1, $2 }' | sort)
want=$(sort <<'LIST'
FAIL trustgraph.librarian.stream-document
FAIL trustgraph.mux.fifty
FAIL trustgraph.mux.slow-fast
FAIL trustgraph.rest.every-service
FAIL trustgraph.rest.twin
FAIL trustgraph.spec.agent-stream
FAIL trustgraph.spec.errors
FAIL trustgraph.spec.rag-stream
FAIL trustgraph.spec.service-error
INFO trustgraph.collections.manage
INFO trustgraph.config.version
INFO trustgraph.embeddings.queries
INFO trustgraph.embeddings.vectors
INFO trustgraph.flow.lifecycle
INFO trustgraph.knowledge.core-stream
INFO trustgraph.knowledge.cores
INFO trustgraph.librarian.processing
INFO trustgraph.librarian.update
INFO trustgraph.load.accept
INFO trustgraph.prompt.templates
INFO trustgraph.rows.query
INFO trustgraph.sparql.query
INFO trustgraph.spec.librarian-bad-content
INFO trustgraph.structured.queries
INFO trustgraph.terms.wire-form
NON-STRICT trustgraph.spec.duplicate-ids
NON-STRICT trustgraph.spec.rest-errors
PASS trustgraph.auth.open
PASS trustgraph.envelope.binary-frames
PASS trustgraph.librarian.children
PASS trustgraph.librarian.documents
PASS trustgraph.librarian.upload
PASS trustgraph.limits.message-size
PASS trustgraph.mcp-tool.invoke
PASS trustgraph.mux.id-echo
PASS trustgraph.rest.method
PASS trustgraph.structured-diag.operations
LIST
)
if [ "$got" != "$want" ]; then
  echo "verdicts differ from the expected profile differences"
  echo "--- expected"; echo "$want"
  echo "--- received"; echo "$got"
  echo "--- run output"; printf '%s\n' "$out"
  exit 1
fi
echo "spec expectations against the gateway profile: the expected 27 scenarios break, 10 pass"
