-- Hostile content from a target: the test peer echoes what it is sent, and these scenarios
-- put the echo into a check's message and received value, an error reason and the
-- transcript, so the JUnit file and the reports carry control bytes, colour codes, "]]>",
-- markup and invalid UTF-8 that came over the wire.
local R = "labgraph.start.event"
local HOSTILE = "bell:\7 esc:\27[31mred\27[0m cdata:]]> amp:& lt:<script>alert(1)</script> quote:\" "
             .. "bad-utf8:\195\40\255 end"

scenario {
  id = "labgraph.hostile.check", title = "a failed check whose message and received value are hostile",
  covers = { R },
  run = function(t)
    local ws = t:connect("labgraph", { path = "/ws" })
    ws:send_text(HOSTILE)
    local v = ws:expect{ match = function(value) return type(value) == "table" and value.echo ~= nil end }
    t:check(R, false, v.echo, { expected = "a polite answer", received = v.echo })
  end,
}

scenario {
  id = "labgraph.hostile.error", title = "a script error whose reason is hostile",
  covers = { R },
  run = function(t)
    local ws = t:connect("labgraph", { path = "/ws" })
    ws:send_text(HOSTILE)
    local v = ws:expect{ match = function(value) return type(value) == "table" and value.echo ~= nil end }
    error(v.echo, 0)
  end,
}
