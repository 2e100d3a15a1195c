-- A scenario marked alone runs with no other scenario of the run at the same time; the
-- others run in parallel before and after it (test_e2e checks the start and end times).
local R = "labgraph.start.event"

for i = 1, 3 do
  scenario {
    id = "labgraph.alone.before-" .. i, title = "an ordinary scenario", covers = { R },
    run = function(t) t:sleep(0.3) t:check(R, true, "slept") end,
  }
end

scenario {
  id = "labgraph.alone.alone", title = "a scenario that runs alone", covers = { R }, alone = true,
  run = function(t) t:sleep(0.3) t:check(R, true, "slept") end,
}

for i = 1, 3 do
  scenario {
    id = "labgraph.alone.after-" .. i, title = "an ordinary scenario", covers = { R },
    run = function(t) t:sleep(0.3) t:check(R, true, "slept") end,
  }
end

scenario {
  id = "labgraph.alone.bad", title = "alone must be a boolean", covers = { R }, alone = "yes",
  run = function() end,
}
