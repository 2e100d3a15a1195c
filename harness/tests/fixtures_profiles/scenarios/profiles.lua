-- Profile selection: t.profile, scenario profiles, requirements of another profile.
scenario {
  id = "peer.profile.default", title = "t.profile is the run's profile", covers = { "peer.all" },
  run = function(t)
    t:equal("peer.all", t.profile, "spec", "the default profile is the catalogue's first")
  end,
}

scenario {
  id = "peer.profile.gateway-only", title = "runs only in the gateway profile", covers = { "peer.gw" },
  profiles = { "gateway" },
  run = function(t)
    t:equal("peer.gw", t.profile, "gateway", "chosen profile")
  end,
}

scenario {
  id = "peer.profile.check-gw", title = "checks a gateway requirement", covers = { "peer.all", "peer.gw" },
  run = function(t)
    t:check("peer.all", true, "holds everywhere")
    t:check("peer.gw", true, "holds in gateway")
  end,
}

scenario {
  id = "peer.profile.bad", title = "names an unknown profile", covers = { "peer.all" },
  profiles = { "nope" },
  run = function(t) t:check("peer.all", true, "x") end,
}
