// One ChatMessage as each chat vendor's webhook body. The shapes and limits follow the vendors'
// own pages (read for this file):
// - Slack: "Formatting text for app surfaces" (escaping: only &, <, > become &amp; &lt; &gt;)
//   and the Block Kit reference "Blocks" (header plain_text ≤ 150 chars, section text ≤ 3000,
//   fields ≤ 10 items of ≤ 2000, button text ≤ 75, url ≤ 3000).
// - Microsoft Teams: "Sending messages to connectors and webhooks", section "Send adaptive cards
//   using an incoming webhook" (the {"type":"message","attachments":[{"contentType":
//   "application/vnd.microsoft.card.adaptive","contentUrl":null,"content":{...}}]} envelope,
//   Action.OpenUrl supported, Action.Submit not) and "Create Incoming Webhooks" ("The message
//   size limit is 28 KB", read as 28000 bytes). The example there says version "1.2"; Teams
//   renders up to 1.5, we send "1.4" and use only 1.0 elements (TextBlock, FactSet, OpenUrl).
// - WeCom 企業微信: "群机器人配置说明", markdown type (content "最长不超过4096个字节，必须是utf8
//   编码"; the supported subset: headings, **bold**, [link](url), `code`, > quote and
//   <font color="info|comment|warning">; no lists).
// - DingTalk 釘釘: the custom robot's "消息类型及数据格式" (markdown type: {"msgtype":"markdown",
//   "markdown":{"title","text"}}, title shown in the conversation list; headings, > quote,
//   **bold**, [link](url), - lists). Text capped at 20000 bytes: the limit we were given, not
//   found on a vendor page we could read.
// - Feishu 飛書: "自定义机器人使用指南" (msg_type "interactive" with a "card") and the message
//   card elements (header title plain_text + template colour; div with lark_md text or fields
//   with is_short; hr; action with a button carrying a url). The body is kept within 20000
//   bytes (the guide's 20 KB request limit as we remember it, leaving room for the signer's
//   timestamp and sign). &, < and > in lark_md become entities like Slack's; not confirmed on
//   a Feishu page, so the answer goes out as plain_text, which needs no escaping.
#include "outbound/chat_formats.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "shipboard/utf8.hpp"

namespace shipboard::server::outbound {
namespace {

using Json = nlohmann::ordered_json;  // keys in the order the vendors' examples show them

constexpr std::string_view kEllipsis = "…";

constexpr std::size_t kSlackHeaderChars = 150;
constexpr std::size_t kSlackSectionChars = 3000;
constexpr std::size_t kSlackFieldChars = 2000;
constexpr std::size_t kSlackMaxFields = 10;
constexpr std::size_t kSlackButtonChars = 75;
constexpr std::size_t kTeamsMaxBodyBytes = 28000;
constexpr std::size_t kWecomMaxContentBytes = 4096;
constexpr std::size_t kDingtalkMaxTextBytes = 20000;
constexpr std::size_t kFeishuMaxBodyBytes = 20000;

std::string dump(const Json& j) {
  // Inputs are repaired to valid UTF-8 up front, so strict never throws here.
  return j.dump(-1, ' ', false, Json::error_handler_t::strict);
}

// `s` with every malformed UTF-8 sequence replaced by U+FFFD.
std::string valid_utf8(std::string_view s) {
  if (is_valid_utf8(s)) return std::string(s);
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    std::uint32_t cp = decode_utf8(s, i);
    append_utf8(out, cp == kInvalidCodePoint ? 0xFFFD : cp);
  }
  return out;
}

ChatMessage repaired(const ChatMessage& m) {
  ChatMessage c;
  c.event_type = valid_utf8(m.event_type);
  c.headline = valid_utf8(m.headline);
  c.item_title = valid_utf8(m.item_title);
  for (const auto& [label, value] : m.facts)
    c.facts.emplace_back(valid_utf8(label), valid_utf8(value));
  c.commitment = valid_utf8(m.commitment);
  c.customer_answer = valid_utf8(m.customer_answer);
  c.link = valid_utf8(m.link);
  c.link_label = valid_utf8(m.link_label);
  return c;
}

// At most `max_chars` code points of valid `s`; a shortened text ends with "…".
std::string cap_chars(std::string_view s, std::size_t max_chars) {
  if (utf8_length(s) <= max_chars) return std::string(s);
  std::size_t i = 0;
  for (std::size_t n = 0; n + 1 < max_chars && i < s.size(); ++n) decode_utf8(s, i);
  return std::string(s.substr(0, i)) + std::string(kEllipsis);
}

// At most `max_bytes` of valid `s`, cut on a character boundary; a shortened text ends in "…".
std::string cap_bytes(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  if (max_bytes < kEllipsis.size()) return utf8_prefix(s, max_bytes);
  return utf8_prefix(s, max_bytes - kEllipsis.size()) + std::string(kEllipsis);
}

// Renders `m` with `render`, shortening the customer answer until the measured text is at most
// `limit` bytes (or the answer is gone). Cutting k bytes of the answer shrinks the output by at
// least k bytes (escaping only grows text), so this ends in a few rounds.
std::string fit_answer(const ChatMessage& m, std::size_t limit,
                       const std::function<std::string(const ChatMessage&)>& render) {
  ChatMessage c = m;
  std::string out = render(c);
  std::size_t keep = m.customer_answer.size();
  while (out.size() > limit && !c.customer_answer.empty()) {
    const std::size_t over = out.size() - limit + kEllipsis.size();
    keep = keep > over ? keep - over : 0;
    c.customer_answer =
        keep == 0 ? std::string() : utf8_prefix(m.customer_answer, keep) + std::string(kEllipsis);
    out = render(c);
  }
  return out;
}

// Lines of `s` (split on '\n', a trailing '\r' dropped).
std::vector<std::string> lines_of(std::string_view s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    std::size_t nl = s.find('\n', start);
    std::string_view line = s.substr(start, nl == std::string_view::npos ? nl : nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out.emplace_back(line);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return out;
}

// Every line of `s` behind a markdown quote marker.
std::string quote_lines(std::string_view s) {
  std::string out;
  for (const auto& line : lines_of(s)) {
    if (!out.empty()) out += '\n';
    out += "> " + line;
  }
  return out;
}

// Text on one line (for titles and headings): newlines become spaces.
std::string one_line(std::string_view s) {
  std::string out(s);
  for (char& ch : out)
    if (ch == '\n' || ch == '\r') ch = ' ';
  return out;
}

// Text people wrote (titles, answers, ETAs), made inert for the markdown of WeCom, DingTalk
// and Teams TextBlocks: those have no escape that all of them honour, so the characters that
// start links, HTML tags, emphasis, code and headings become their full-width forms ("[pay
// here](…)" in a title shows as text and links nowhere). Chinese text reads the same.
std::string inert_markdown(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    switch (ch) {
      case '[':
        out += "［";
        break;
      case ']':
        out += "］";
        break;
      case '<':
        out += "＜";
        break;
      case '>':
        out += "＞";
        break;
      case '*':
        out += "＊";
        break;
      case '_':
        out += "＿";
        break;
      case '`':
        out += "｀";
        break;
      case '#':
        out += "＃";
        break;
      case '~':
        out += "～";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

// HTML entities for &, < and > (Slack mrkdwn's control characters; Feishu lark_md likewise).
std::string escape_angle_amp(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

// At most `max_chars` code points of escaped mrkdwn `s`; a shortened text ends with "…" and is
// never cut inside an entity such as "&amp;".
std::string cap_escaped(std::string s, std::size_t max_chars) {
  if (utf8_length(s) <= max_chars) return s;
  std::size_t i = 0;
  for (std::size_t n = 0; n + 1 < max_chars && i < s.size(); ++n) decode_utf8(s, i);
  const std::size_t amp = i == 0 ? std::string::npos : s.rfind('&', i - 1);
  if (amp != std::string::npos && s.find(';', amp) >= i) i = amp;
  return s.substr(0, i) + std::string(kEllipsis);
}

// Escaped Slack mrkdwn: prefix + escaped `raw` + suffix, at most `max_chars` (the escaped text
// gives way, the frame stays).
std::string slack_mrkdwn(std::string_view raw, std::size_t max_chars, std::string_view prefix = "",
                         std::string_view suffix = "") {
  const std::size_t frame = utf8_length(prefix) + utf8_length(suffix);
  const std::size_t room = max_chars > frame + 1 ? max_chars - frame : 1;
  return std::string(prefix) + cap_escaped(escape_angle_amp(raw), room) + std::string(suffix);
}

// The Slack quote of an answer: a literal "> " before each escaped line.
std::string slack_quote(std::string_view raw) {
  std::string out;
  for (const auto& line : lines_of(raw)) {
    if (!out.empty()) out += '\n';
    out += "> " + escape_angle_amp(line);
  }
  return cap_escaped(std::move(out), kSlackSectionChars);
}

std::string render_slack(const ChatMessage& m) {
  Json blocks = Json::array();
  if (!m.headline.empty())
    blocks.push_back({{"type", "header"},
                      {"text",
                       {{"type", "plain_text"},
                        {"text", cap_chars(one_line(m.headline), kSlackHeaderChars)},
                        {"emoji", true}}}});
  if (!m.item_title.empty())
    blocks.push_back(
        {{"type", "section"},
         {"text",
          {{"type", "mrkdwn"},
           {"text", slack_mrkdwn(one_line(m.item_title), kSlackSectionChars, "*", "*")}}}});
  if (!m.facts.empty()) {
    Json fields = Json::array();
    for (std::size_t k = 0; k < m.facts.size() && k < kSlackMaxFields; ++k) {
      const auto& [label, value] = m.facts[k];
      std::string text = "*" + escape_angle_amp(one_line(label)) + "*\n";
      text = slack_mrkdwn(value, kSlackFieldChars, text);
      fields.push_back({{"type", "mrkdwn"}, {"text", text}});
    }
    blocks.push_back({{"type", "section"}, {"fields", fields}});
  }
  if (!m.commitment.empty())
    blocks.push_back(
        {{"type", "context"},
         {"elements",
          Json::array({{{"type", "mrkdwn"},
                        {"text", slack_mrkdwn(m.commitment, kSlackSectionChars, "*", "*")}}})}});
  if (!m.customer_answer.empty())
    blocks.push_back({{"type", "section"},
                      {"text", {{"type", "mrkdwn"}, {"text", slack_quote(m.customer_answer)}}}});
  if (!m.link.empty())
    blocks.push_back(
        {{"type", "actions"},
         {"elements",
          Json::array({{{"type", "button"},
                        {"text",
                         {{"type", "plain_text"},
                          {"text", cap_chars(one_line(m.link_label.empty() ? m.link : m.link_label),
                                             kSlackButtonChars)},
                          {"emoji", true}}},
                        {"url", m.link}}})}});
  Json body;
  body["text"] =
      slack_mrkdwn(one_line(m.headline.empty() ? m.item_title : m.headline), kSlackSectionChars);
  body["blocks"] = blocks;
  return dump(body);
}

std::string render_teams_body(const ChatMessage& m) {
  Json body = Json::array();
  body.push_back({{"type", "TextBlock"},
                  {"text", inert_markdown(one_line(m.headline))},
                  {"size", "Medium"},
                  {"weight", "Bolder"},
                  {"wrap", true}});
  if (!m.item_title.empty())
    body.push_back({{"type", "TextBlock"},
                    {"text", inert_markdown(one_line(m.item_title))},
                    {"isSubtle", true},
                    {"spacing", "None"},
                    {"wrap", true}});
  if (!m.facts.empty()) {
    Json facts = Json::array();
    for (const auto& [label, value] : m.facts)
      facts.push_back({{"title", one_line(label)}, {"value", inert_markdown(value)}});
    body.push_back({{"type", "FactSet"}, {"facts", facts}});
  }
  if (!m.commitment.empty())
    body.push_back({{"type", "TextBlock"},
                    {"text", m.commitment},
                    {"weight", "Bolder"},
                    {"color", "Warning"},
                    {"wrap", true}});
  if (!m.customer_answer.empty())
    body.push_back({{"type", "Container"},
                    {"style", "emphasis"},
                    {"items", Json::array({{{"type", "TextBlock"},
                                            {"text", inert_markdown(m.customer_answer)},
                                            {"wrap", true}}})}});
  Json card;
  // No "$schema": it only serves editors' validation, and Teams does not need it.
  card["type"] = "AdaptiveCard";
  card["version"] = "1.4";
  card["body"] = body;
  if (!m.link.empty())
    card["actions"] =
        Json::array({{{"type", "Action.OpenUrl"},
                      {"title", one_line(m.link_label.empty() ? m.link : m.link_label)},
                      {"url", m.link}}});
  Json attachment;
  attachment["contentType"] = "application/vnd.microsoft.card.adaptive";
  attachment["contentUrl"] = nullptr;
  attachment["content"] = card;
  Json envelope;
  envelope["type"] = "message";
  envelope["attachments"] = Json::array({attachment});
  return dump(envelope);
}

// "[label](url)" for the markdown formats (WeCom, DingTalk).
std::string markdown_link(const ChatMessage& m) {
  return "[" + one_line(m.link_label.empty() ? m.link : m.link_label) + "](" + m.link + ")";
}

std::string joined(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += separator;
    out += p;
  }
  return out;
}

std::string wecom_content(const ChatMessage& m) {
  std::vector<std::string> parts;
  if (!m.headline.empty()) parts.push_back("**" + inert_markdown(one_line(m.headline)) + "**");
  if (!m.item_title.empty())
    parts.push_back("<font color=\"comment\">" + inert_markdown(one_line(m.item_title)) +
                    "</font>");
  for (const auto& [label, value] : m.facts)
    parts.push_back("**" + one_line(label) + "**: " + inert_markdown(one_line(value)));
  if (!m.commitment.empty())
    parts.push_back("<font color=\"warning\">" + one_line(m.commitment) + "</font>");
  if (!m.customer_answer.empty()) parts.push_back(quote_lines(inert_markdown(m.customer_answer)));
  if (!m.link.empty()) parts.push_back(markdown_link(m));
  return joined(parts, "\n");
}

std::string dingtalk_text(const ChatMessage& m) {
  std::vector<std::string> parts;
  if (!m.headline.empty()) parts.push_back("### " + inert_markdown(one_line(m.headline)));
  if (!m.item_title.empty()) parts.push_back("**" + inert_markdown(one_line(m.item_title)) + "**");
  if (!m.facts.empty()) {
    std::string list;
    for (const auto& [label, value] : m.facts) {
      if (!list.empty()) list += '\n';
      list += "- **" + one_line(label) + "**: " + inert_markdown(one_line(value));
    }
    parts.push_back(list);
  }
  if (!m.commitment.empty()) parts.push_back("**" + one_line(m.commitment) + "**");
  if (!m.customer_answer.empty()) parts.push_back(quote_lines(inert_markdown(m.customer_answer)));
  if (!m.link.empty()) parts.push_back(markdown_link(m));
  return joined(parts, "\n\n");
}

// Feishu's header colour for the kind of change.
std::string_view feishu_template(std::string_view event_type) {
  auto type = parse_event_type(event_type);
  if (!type) return "blue";
  switch (*type) {
    case EventType::item_eta_changed:
      return "orange";
    case EventType::item_answer_changed:
    case EventType::item_answer_confirmed:
      return "green";
    case EventType::item_merged:
      return "grey";
    default:
      return "blue";
  }
}

std::string render_feishu_body(const ChatMessage& m) {
  Json elements = Json::array();
  if (!m.item_title.empty())
    elements.push_back({{"tag", "div"},
                        {"text",
                         {{"tag", "lark_md"},
                          {"content", "**" + escape_angle_amp(one_line(m.item_title)) + "**"}}}});
  if (!m.facts.empty()) {
    Json fields = Json::array();
    for (const auto& [label, value] : m.facts)
      fields.push_back({{"is_short", true},
                        {"text",
                         {{"tag", "lark_md"},
                          {"content", "**" + escape_angle_amp(one_line(label)) + "**\n" +
                                          escape_angle_amp(value)}}}});
    elements.push_back({{"tag", "div"}, {"fields", fields}});
  }
  if (!m.commitment.empty())
    elements.push_back(
        {{"tag", "div"},
         {"text",
          {{"tag", "lark_md"}, {"content", "**" + escape_angle_amp(m.commitment) + "**"}}}});
  if (!m.customer_answer.empty())
    elements.push_back(
        {{"tag", "div"}, {"text", {{"tag", "plain_text"}, {"content", m.customer_answer}}}});
  if (!m.link.empty()) {
    elements.push_back({{"tag", "hr"}});
    elements.push_back(
        {{"tag", "action"},
         {"actions",
          Json::array({{{"tag", "button"},
                        {"text",
                         {{"tag", "plain_text"},
                          {"content", one_line(m.link_label.empty() ? m.link : m.link_label)}}},
                        {"type", "primary"},
                        {"url", m.link}}})}});
  }
  Json card;
  card["config"] = {{"wide_screen_mode", true}};
  card["header"] = {{"title",
                     {{"tag", "plain_text"},
                      {"content", one_line(m.headline.empty() ? m.item_title : m.headline)}}},
                    {"template", feishu_template(m.event_type)}};
  card["elements"] = elements;
  Json body;
  body["msg_type"] = "interactive";
  body["card"] = card;
  return dump(body);
}

std::string render_generic(const ChatMessage& m) {
  Json facts = Json::array();
  for (const auto& [label, value] : m.facts) facts.push_back({{"label", label}, {"value", value}});
  Json body;
  body["event_type"] = m.event_type;
  body["headline"] = m.headline;
  body["item_title"] = m.item_title;
  body["facts"] = facts;
  body["commitment"] = m.commitment;
  body["customer_answer"] = m.customer_answer;
  body["link"] = m.link;
  body["link_label"] = m.link_label;
  return dump(body);
}

}  // namespace

std::string render_chat(WebhookFormat format, const ChatMessage& message) {
  const ChatMessage m = repaired(message);
  switch (format) {
    case WebhookFormat::generic:
      return render_generic(m);
    case WebhookFormat::slack:
      return render_slack(m);
    case WebhookFormat::teams:
      return fit_answer(m, kTeamsMaxBodyBytes, render_teams_body);
    case WebhookFormat::wecom: {
      std::string content =
          cap_bytes(fit_answer(m, kWecomMaxContentBytes, wecom_content), kWecomMaxContentBytes);
      Json body;
      body["msgtype"] = "markdown";
      body["markdown"] = {{"content", content}};
      return dump(body);
    }
    case WebhookFormat::dingtalk: {
      std::string text =
          cap_bytes(fit_answer(m, kDingtalkMaxTextBytes, dingtalk_text), kDingtalkMaxTextBytes);
      Json body;
      body["msgtype"] = "markdown";
      body["markdown"] = {
          {"title", inert_markdown(one_line(m.headline.empty() ? m.item_title : m.headline))},
          {"text", text}};
      return dump(body);
    }
    case WebhookFormat::feishu:
      return fit_answer(m, kFeishuMaxBodyBytes, render_feishu_body);
  }
  return render_generic(m);
}

}  // namespace shipboard::server::outbound
