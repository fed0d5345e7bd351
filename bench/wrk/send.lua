-- wrk script: POST /v1/messages as one sender, round-robin over the conversations in CONVERSATIONS (comma-separated
-- ids), with TOKEN as bearer. Used to check the Java generator against an independent tool at the same concurrency:
--   TOKEN=... CONVERSATIONS=id1,id2 wrk -t1 -c32 -d30s --latency -s bench/wrk/send.lua http://127.0.0.1:8080/v1/messages
-- wrk counts answers other than 2xx/3xx itself ("Non-2xx or 3xx responses").
local conversations = {}
for id in string.gmatch(os.getenv("CONVERSATIONS") or "", "[^,]+") do
  conversations[#conversations + 1] = id
end
local counter = 0

request = function()
  counter = counter + 1
  local conversation = conversations[(counter % #conversations) + 1]
  local body = string.format('{"conversation_id":"%s","text":"wrk message %d"}', conversation, counter)
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. os.getenv("TOKEN"),
  }, body)
end
