// The request bodies the outbox posts to chat tools: one ChatMessage (what changed on an item,
// what sales may promise, the customer-facing wording, a link back) rendered as each vendor's
// documented webhook format (Slack Block Kit, a Teams Adaptive Card, WeCom / DingTalk markdown,
// a Feishu interactive card). Pure functions: no I/O, no clock; signing is in signatures.hpp.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "shipboard/model.hpp"

namespace shipboard::server::outbound {

struct ChatMessage {
  std::string event_type;  // e.g. "item.status_changed" (the core's EventType spelling)
  std::string headline;    // what changed, one line: "直播功能 → 開發中 (in progress)"
  std::string item_title;  // the item
  std::vector<std::pair<std::string, std::string>> facts;  // label → value: {"狀態", "開發中"}
  std::string commitment;  // what sales may promise ("可以承諾" / "do not promise yet"), or ""
  std::string customer_answer;  // the customer-facing wording, or ""
  std::string link;             // absolute URL back to the item
  std::string link_label;       // "Open on Shipboard" / "在 Shipboard 開啟"
};

// The request body for `format`, compact JSON with UTF-8 kept as is. Text that is not valid
// UTF-8 is repaired (U+FFFD) first; empty parts (facts, commitment, answer, link) are left out.
// Each vendor's documented limits are kept by shortening the customer answer first (ending it
// with "…", never inside a UTF-8 character): Slack's per-block lengths, Teams' 28 KB message,
// WeCom's 4096-byte markdown content, DingTalk's 20000-byte text, Feishu's 20 KB body.
// generic: the message itself as a neutral JSON object ({"event_type", "headline", ...,
// "facts": [{"label", "value"}]}); a generic webhook may instead carry the event JSON, which
// the outbox serialises itself; either way it is signed with generic_signature.
std::string render_chat(WebhookFormat format, const ChatMessage& m);

}  // namespace shipboard::server::outbound
