-- Scenarios that break exactly one level each, for the exit-status tests of --fail-on and
-- --strict (harness/tests/reports_cli.sh). They need no target traffic: the checks are forced.
scenario {
  id = "labgraph.gating.should", title = "a broken SHOULD (non-strict by default)",
  covers = { "labgraph.batch.num-sequence" },
  run = function(t) t:check("labgraph.batch.num-sequence", false, "forced SHOULD failure") end,
}

scenario {
  id = "labgraph.gating.info", title = "a broken INFO",
  covers = { "labgraph.batch.sample-fields" },
  run = function(t) t:check("labgraph.batch.sample-fields", false, "forced INFO failure") end,
}

scenario {
  id = "labgraph.gating.pass", title = "a passing check",
  covers = { "labgraph.start.event" },
  run = function(t) t:check("labgraph.start.event", true, "holds") end,
}
