// What a delivery tells, in the recipient's language (zh-Hant, zh-Hans or en): the chat
// message of chat_formats.hpp built from a delivery's payload (what changed, for which item,
// what sales may promise, the customer answer, a link back), and the email made of one such
// message or of a day's messages (a digest): subject, text part and HTML part, ending with why
// the recipient gets it and the one-click unsubscribe link. Pure.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "outbound/chat_formats.hpp"

namespace shipboard::server::outbound {

// The message of a delivery's payload ({"event", "item"?, "question"?, "release"?, ...}) of
// event type `type` (or webhook.test); links start with `public_url` ("" = no links).
ChatMessage message_for(const nlohmann::json& payload, const std::string& type,
                        const std::string& lang, const std::string& public_url);

// What a kind of event is called in `lang` ("時程更新" for item.eta_changed); the type itself
// when it is not one that goes out.
std::string event_label(const std::string& type, const std::string& lang);

struct EmailContent {
  std::string subject;
  std::string text;
  std::string html;
};
// One message, or several as a digest (`digest`: the subject counts them), with the
// unsubscribe link at the bottom when `unsubscribe_url` is not empty.
EmailContent render_email(const std::vector<ChatMessage>& messages, const std::string& lang,
                          bool digest, const std::string& unsubscribe_url);

}  // namespace shipboard::server::outbound
