-- The example processes: the book's ws-server and the kit chat template.
local kn = require("kinode")

scenario {
  id = "kinode.book.ws-server",
  title = "The book's ws-server greets each channel with the Text frame \"ack client connection\"",
  covers = { "kinode.book.ws-server" },
  run = function(t)
    local ws = kn.open(t, "kinode.book.ws-server", "/" .. kn.WS_SERVER)
    local _, f = ws:expect{ req = "kinode.book.ws-server", what = "the greeting",
                            match = function(_, fr) return fr.data == '"ack client connection"' end }
    t:equal("kinode.book.ws-server", f.kind, "text", "the greeting is a text frame")
    ws:send_text("Hello from client")
    ws:expect_none{ within = 0.3, req = "kinode.book.ws-server", what = "an answer to a client message" }
    ws:close(1000)
  end,
}

scenario {
  id = "kinode.chat.latest-channel",
  title = "The chat template pushes NewMessage to the most recently opened channel only and keeps the history",
  covers = { "kinode.chat.latest-channel", "kinode.chat.history" },
  run = function(t)
    local path = "/" .. kn.CHAT
    local first = kn.open(t, "kinode.chat.latest-channel", path, { cookies = kn.cookies() })
    local latest = kn.open(t, "kinode.chat.latest-channel", path, { cookies = kn.cookies() })
    first:send_binary(json.encode{ Send = { target = kn.NODE, message = "hi " .. t.id } })
    local _, f = latest:expect{ req = "kinode.chat.latest-channel", what = "NewMessage on the latest channel",
                                json = { NewMessage = {} } }
    t:equal("kinode.chat.latest-channel", f.data,
            '{"NewMessage":{"chat":"' .. kn.NODE .. '","author":"' .. kn.NODE .. '","content":"hi ' .. t.id .. '"}}',
            "NewMessage text, keys in the template's order")
    t:equal("kinode.chat.latest-channel", f.kind, "text", "pushed as Text")
    first:expect_none{ within = 0.3, req = "kinode.chat.latest-channel", what = "NewMessage on the older channel" }
    first:close(1000)
    latest:close(1000)
    -- the same message is in the history (other runs may have added earlier ones)
    local res = t:http("kinode", { path = path .. "/messages", cookies = kn.cookies() })
    t:equal("kinode.chat.history", res.status, 200, "GET messages answers 200")
    local list = res.json and res.json.History and res.json.History.messages and res.json.History.messages[kn.NODE]
    t:require("kinode.chat.history", type(list) == "table", "History.messages holds the node's chat",
              { expected = "{\"History\":{\"messages\":{\"" .. kn.NODE .. "\":[...]}}}", received = res.body })
    local found = false
    for _, m in ipairs(list) do
      if m.content == "hi " .. t.id and m.author == kn.NODE then found = true end
    end
    t:check("kinode.chat.history", found, "the message just sent is in the history", { received = res.body })
    local anon = t:http("kinode", { path = path .. "/messages" })
    t:equal("kinode.chat.history", anon.status, 200, "without the cookie: 200 ...")
    t:check("kinode.chat.history", anon.json == nil and (anon.headers["content-type"] or ""):find("text/html") ~= nil,
            "... with the login page, not the history", { received = anon.body })
  end,
}
