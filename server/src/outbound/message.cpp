// Messages and mails of deliveries; see message.hpp.
#include "outbound/message.hpp"

#include <cstdio>

#include "embed/pages.hpp"
#include "shipboard/model.hpp"

namespace shipboard::server::outbound {
namespace {

using nlohmann::json;

struct Words {
  const char* commitment[3];
  const char* status_label;
  const char* eta;
  const char* release;
  const char* moved;     // "%s → %s"
  const char* new_eta;   // ETA changed
  const char* answer;    // customer answer changed
  const char* merged;    // merged into
  const char* answered;  // question answered
  const char* shipped;   // release shipped
  const char* test;
  const char* open;
  const char* answer_label;    // the customer answer, in a mail
  const char* promise_label;   // what sales may promise
  const char* digest_subject;  // "%d"
  const char* why;             // why the recipient gets this
  const char* unsubscribe;
};
const Words kHant{{"可以承諾", "暫定，先別承諾", "不可承諾"},
                  "狀態",
                  "預計上線",
                  "目標版本",
                  "狀態更新",
                  "時程更新",
                  "給客戶的答覆已更新",
                  "已合併到",
                  "問題已回覆",
                  "版本已發布",
                  "Shipboard 測試訊息",
                  "在 Shipboard 開啟",
                  "給客戶的答覆",
                  "可否承諾",
                  "Shipboard 每日摘要：%d 則更新",
                  "你收到這封信，因為你關注這些需求，或曾為客戶提出、詢問過它們。",
                  "取消這類通知"};
const Words kHans{{"可以承诺", "暂定，先别承诺", "不可承诺"},
                  "状态",
                  "预计上线",
                  "目标版本",
                  "状态更新",
                  "时程更新",
                  "给客户的答复已更新",
                  "已合并到",
                  "问题已回复",
                  "版本已发布",
                  "Shipboard 测试消息",
                  "在 Shipboard 打开",
                  "给客户的答复",
                  "可否承诺",
                  "Shipboard 每日摘要：%d 条更新",
                  "你收到这封邮件，因为你关注这些需求，或曾为客户提出、询问过它们。",
                  "退订这类通知"};
const Words kEn{{"may be promised", "tentative, do not promise yet", "do not promise"},
                "Status",
                "ETA",
                "Target release",
                "Status changed",
                "ETA changed",
                "Customer answer changed",
                "Merged into",
                "Question answered",
                "Release shipped",
                "Shipboard test message",
                "Open on Shipboard",
                "Customer answer",
                "May we promise",
                "Shipboard daily digest: %d updates",
                "You get this because you follow these items, or asked about them for a customer.",
                "Unsubscribe from these"};
const Words& words(const std::string& lang) {
  return lang == "zh-Hans" ? kHans : lang == "en" ? kEn : kHant;
}

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

ChatMessage message_for(const json& payload, const std::string& type, const std::string& lang,
                        const std::string& public_url) {
  const Words& w = words(lang);
  ChatMessage m;
  m.event_type = type;
  m.link_label = w.open;
  const json item = payload.value("item", json::object());
  if (item.is_object() && item.contains("id")) {
    m.item_title = str(item, "title");
    auto status = parse_item_status(str(item, "status")).value_or(ItemStatus::under_review);
    auto commitment = parse_commitment(str(item, "commitment")).value_or(Commitment::none);
    m.facts.emplace_back(w.status_label,
                         std::string(embed::status_label(
                             status, embed::parse_lang(lang).value_or(embed::Lang::zh_hant))));
    if (!str(item, "eta").empty()) m.facts.emplace_back(w.eta, str(item, "eta"));
    if (item.contains("release") && item["release"].is_object())
      m.facts.emplace_back(w.release, str(item["release"], "name"));
    m.commitment = w.commitment[static_cast<int>(commitment)];
    m.customer_answer = str(item, "customer_answer");
    if (!public_url.empty())
      m.link = public_url + "/#/items/" + std::to_string(item["id"].get<Id>());
  }
  if (type == "item.status_changed")
    m.headline = std::string(w.moved) + ": " + m.item_title + " → " + m.facts.front().second;
  else if (type == "item.eta_changed")
    m.headline = std::string(w.new_eta) + ": " + m.item_title;
  else if (type == "item.answer_changed")
    m.headline = std::string(w.answer) + ": " + m.item_title;
  else if (type == "item.merged")
    m.headline =
        str(payload.value("merged", json::object()), "title") + " " + w.merged + " " + m.item_title;
  else if (type == "question.answered") {
    const json q = payload.value("question", json::object());
    m.headline = std::string(w.answered) + ": " + str(q, "body");
    if (m.customer_answer.empty()) m.customer_answer = str(q, "answer");
  } else if (type == "release.shipped") {
    const json r = payload.value("release", json::object());
    m.headline = std::string(w.shipped) + ": " + str(r, "name");
    m.item_title = str(r, "name");
    for (const auto& it : r.value("items", json::array()))
      m.facts.emplace_back("#" + std::to_string(it.value("id", Id{0})), str(it, "title"));
    if (!public_url.empty())
      m.link = public_url + "/#/releases/" + std::to_string(r.value("id", Id{0}));
  } else {
    m.headline = w.test;
  }
  return m;
}

namespace {

std::string format_count(const char* pattern, std::size_t n) {
  char buf[160];
  std::snprintf(buf, sizeof buf, pattern, static_cast<int>(n));
  return buf;
}

void add_text(std::string& out, const ChatMessage& m, const Words& w) {
  out += m.headline + "\n";
  for (const auto& [label, value] : m.facts) out += "  " + label + ": " + value + "\n";
  if (!m.commitment.empty())
    out += "  " + std::string(w.promise_label) + ": " + m.commitment + "\n";
  if (!m.customer_answer.empty())
    out += "\n  " + std::string(w.answer_label) + ":\n  " + m.customer_answer + "\n";
  if (!m.link.empty()) out += "\n  " + m.link_label + ": " + m.link + "\n";
}

void add_html(std::string& out, const ChatMessage& m, const Words& w) {
  using embed::escape;
  out +=
      "<div style=\"margin:0 0 20px;padding:12px 16px;border:1px solid #d0d7de;"
      "border-radius:6px\">";
  out +=
      "<p style=\"margin:0 0 8px;font-size:16px;font-weight:600\">" + escape(m.headline) + "</p>";
  if (!m.facts.empty() || !m.commitment.empty()) {
    out += "<table role=\"presentation\" style=\"border-collapse:collapse\">";
    auto row = [&](const std::string& label, const std::string& value) {
      out += "<tr><td style=\"padding:2px 12px 2px 0;color:#57606a\">" + escape(label) +
             "</td><td style=\"padding:2px 0\">" + escape(value) + "</td></tr>";
    };
    for (const auto& [label, value] : m.facts) row(label, value);
    if (!m.commitment.empty()) row(w.promise_label, m.commitment);
    out += "</table>";
  }
  if (!m.customer_answer.empty())
    out += "<p style=\"margin:12px 0 4px;color:#57606a\">" + escape(w.answer_label) +
           "</p><blockquote style=\"margin:0;padding:8px 12px;background:#f6f8fa;"
           "white-space:pre-wrap\">" +
           escape(m.customer_answer) + "</blockquote>";
  if (!m.link.empty())
    out += "<p style=\"margin:12px 0 0\"><a href=\"" + escape(m.link) + "\">" +
           escape(m.link_label) + "</a></p>";
  out += "</div>";
}

}  // namespace

std::string event_label(const std::string& type, const std::string& lang) {
  const Words& w = words(lang);
  if (type == "item.status_changed") return w.moved;
  if (type == "item.eta_changed") return w.new_eta;
  if (type == "item.answer_changed") return w.answer;
  if (type == "item.merged") return w.merged;
  if (type == "question.answered") return w.answered;
  if (type == "release.shipped") return w.shipped;
  return type;
}

EmailContent render_email(const std::vector<ChatMessage>& messages, const std::string& lang,
                          bool digest, const std::string& unsubscribe_url) {
  const Words& w = words(lang);
  EmailContent e;
  if (digest || messages.size() != 1)
    e.subject = format_count(w.digest_subject, messages.size());
  else
    e.subject = messages.front().headline;
  const std::string html_lang = lang == "zh-Hans" || lang == "en" ? lang : "zh-Hant";
  e.html = "<!doctype html><html lang=\"" + html_lang + "\"><head><meta charset=\"utf-8\"><title>" +
           embed::escape(e.subject) +
           "</title></head><body style=\"font-family:system-ui,sans-serif;color:#1f2328;"
           "max-width:640px\">";
  for (std::size_t i = 0; i < messages.size(); ++i) {
    if (i) e.text += "\n----\n\n";
    add_text(e.text, messages[i], w);
    add_html(e.html, messages[i], w);
  }
  e.text += "\n--\n" + std::string(w.why) + "\n";
  e.html += "<p style=\"color:#57606a;font-size:12px\">" + embed::escape(w.why);
  if (!unsubscribe_url.empty()) {
    e.text += std::string(w.unsubscribe) + ": " + unsubscribe_url + "\n";
    e.html += " <a href=\"" + embed::escape(unsubscribe_url) + "\">" +
              embed::escape(w.unsubscribe) + "</a>";
  }
  e.html += "</p></body></html>";
  return e;
}

}  // namespace shipboard::server::outbound
