// The outbox's chat bodies and signatures, without a server: each format rendered from one
// fixed message is compared byte for byte with its golden file in fixtures/chat/<format>.json
// (SHIPBOARD_UPDATE_GOLDEN=1 rewrites them; review the diff), then checked for the shape and
// limits the vendors document; the signatures against RFC 4231 and vendor-derived vectors.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "outbound/chat_formats.hpp"
#include "outbound/signatures.hpp"
#include "server_fixture.hpp"
#include "shipboard/utf8.hpp"

using namespace shipboard;
using namespace shipboard::server::outbound;
using nlohmann::json;

namespace {

constexpr WebhookFormat kFormats[] = {WebhookFormat::generic,  WebhookFormat::slack,
                                      WebhookFormat::teams,    WebhookFormat::wecom,
                                      WebhookFormat::dingtalk, WebhookFormat::feishu};

// One status change in Traditional Chinese with &, <, > and quotes, and a long answer (about
// 4,500 bytes: over WeCom's 4096, under the others' limits).
ChatMessage fixed_message() {
  ChatMessage m;
  m.event_type = "item.status_changed";
  m.headline = "直播功能 → 開發中 (in progress)";
  m.item_title = "直播功能 & <連麥> \"美顏\"";
  m.facts = {{"狀態", "開發中"},
             {"ETA", "2027-Q1"},
             {"需求", "12 家客戶 & 3 家代理商 <A 級>"},
             {"版本", "R27 \"春季\""}};
  m.commitment = "可以承諾：2027-Q1 前上線（限 A & B 級客戶）";
  std::string answer =
      "您好，感謝您對直播功能的關注。\n我們已開始開發「連麥」與 \"美顏\" 兩項能力，"
      "預計 2027-Q1 前提供給 A & B 級客戶試用；<正式版> 的時程會另行通知。\n";
  for (int i = 1; i <= 24; ++i)
    answer += "第 " + std::to_string(i) +
              " 點：直播畫質、延遲、彈幕與回放都會納入測試，我們會在每個里程碑更新進度，"
              "並與貴司窗口確認需求細節與驗收標準，確保上線品質。\n";
  answer += "如有任何問題，歡迎隨時聯繫您的業務窗口。";
  m.customer_answer = answer;
  m.link = "https://shipboard.example.com/items/42?tab=answer&lang=zh-Hant";
  m.link_label = "在 Shipboard 開啟";
  return m;
}

// The golden file holds the body followed by one newline (so editors leave it alone).
void check_golden(WebhookFormat format, const std::string& body) {
  const auto path = shipboard::test::repo_root() / "tests/server/fixtures/chat" /
                    (std::string(to_string(format)) + ".json");
  const char* update = std::getenv("SHIPBOARD_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << body << '\n';
    WARN("rewrote " << path.string());
  }
  INFO("golden " << path.string() << " (SHIPBOARD_UPDATE_GOLDEN=1 rewrites it)");
  REQUIRE(std::filesystem::exists(path));
  CHECK(shipboard::test::read_text(path) == body + "\n");
}

}  // namespace

TEST_CASE("webhook formats: the core's spellings", "[outbound]") {
  CHECK(spellings(WebhookFormat{}) == "generic, slack, teams, wecom, dingtalk, feishu");
  for (WebhookFormat f : kFormats) CHECK(parse_webhook_format(to_string(f)) == f);
  CHECK_FALSE(parse_webhook_format("Slack").has_value());
  CHECK_FALSE(parse_webhook_format("").has_value());
}

TEST_CASE("chat bodies match their golden files byte for byte", "[outbound]") {
  const ChatMessage m = fixed_message();
  for (WebhookFormat f : kFormats) {
    SECTION(std::string(to_string(f))) {
      const std::string body = render_chat(f, m);
      CHECK(is_valid_utf8(body));
      CHECK(body.find("\\u") == std::string::npos);  // Chinese stays UTF-8, not \u escapes
      CHECK(body.find('\n') == std::string::npos);   // compact
      check_golden(f, body);
    }
  }
}

TEST_CASE("chat bodies have the shapes the vendors document", "[outbound]") {
  const ChatMessage m = fixed_message();

  SECTION("generic") {
    auto j = json::parse(render_chat(WebhookFormat::generic, m));
    CHECK(j["event_type"] == "item.status_changed");
    CHECK(j["facts"].size() == 4);
    CHECK(j["facts"][2]["value"] == "12 家客戶 & 3 家代理商 <A 級>");
    CHECK(j["customer_answer"] == m.customer_answer);
  }

  SECTION("slack: fallback text, typed blocks, mrkdwn escaped") {
    auto j = json::parse(render_chat(WebhookFormat::slack, m));
    CHECK(j["text"] == m.headline);
    REQUIRE(j["blocks"].is_array());
    std::vector<std::string> types;
    for (const auto& b : j["blocks"]) types.push_back(b["type"]);
    CHECK(types == std::vector<std::string>{"header", "section", "section", "context", "section",
                                            "actions"});
    CHECK(j["blocks"][0]["text"]["type"] == "plain_text");
    CHECK(j["blocks"][1]["text"]["text"] == "*直播功能 &amp; &lt;連麥&gt; \"美顏\"*");
    CHECK(j["blocks"][2]["fields"].size() == 4);
    CHECK(j["blocks"][2]["fields"][2]["text"] == "*需求*\n12 家客戶 &amp; 3 家代理商 &lt;A 級&gt;");
    const std::string quote = j["blocks"][4]["text"]["text"];
    CHECK(quote.rfind("> 您好", 0) == 0);
    CHECK(quote.find("\n> 我們已開始開發") != std::string::npos);
    CHECK(quote.find("A &amp; B") != std::string::npos);
    CHECK(quote.find('<') == std::string::npos);
    auto button = j["blocks"][5]["elements"][0];
    CHECK(button["type"] == "button");
    CHECK(button["url"] == m.link);
    CHECK(button["text"]["text"] == "在 Shipboard 開啟");
  }

  SECTION("teams: the Adaptive Card envelope") {
    auto j = json::parse(render_chat(WebhookFormat::teams, m));
    CHECK(j["type"] == "message");
    REQUIRE(j["attachments"].size() == 1);
    CHECK(j["attachments"][0]["contentType"] == "application/vnd.microsoft.card.adaptive");
    CHECK(j["attachments"][0]["contentUrl"].is_null());
    auto card = j["attachments"][0]["content"];
    CHECK_FALSE(card.contains("$schema"));  // optional (editor validation only); left out
    CHECK(card["type"] == "AdaptiveCard");
    CHECK(card["version"] == "1.4");
    CHECK(card["body"][0]["type"] == "TextBlock");
    CHECK(card["body"][0]["weight"] == "Bolder");
    CHECK(card["body"][0]["wrap"] == true);
    CHECK(card["body"][2]["type"] == "FactSet");
    CHECK(card["body"][2]["facts"][0] == json{{"title", "狀態"}, {"value", "開發中"}});
    CHECK(card["body"][4]["items"][0]["text"].get<std::string>().find("＜正式版＞") !=
          std::string::npos);
    CHECK(card["actions"][0]["type"] == "Action.OpenUrl");
    CHECK(card["actions"][0]["url"] == m.link);
  }

  SECTION("wecom: markdown, warning colour, link, capped at 4096 bytes") {
    auto j = json::parse(render_chat(WebhookFormat::wecom, m));
    CHECK(j["msgtype"] == "markdown");
    const std::string content = j["markdown"]["content"];
    CHECK(content.rfind("**直播功能 → 開發中 (in progress)**\n", 0) == 0);
    CHECK(content.find("<font color=\"warning\">可以承諾") != std::string::npos);
    CHECK(content.find("**ETA**: 2027-Q1") != std::string::npos);
    CHECK(content.size() <= 4096);
    CHECK(content.size() > 4000);  // the answer was shortened, not dropped
    CHECK(content.find("…\n[在 Shipboard 開啟](" + m.link + ")") != std::string::npos);
  }

  SECTION("dingtalk: msgtype, plain title, markdown text") {
    auto j = json::parse(render_chat(WebhookFormat::dingtalk, m));
    CHECK(j["msgtype"] == "markdown");
    CHECK(j["markdown"]["title"] == m.headline);
    const std::string text = j["markdown"]["text"];
    CHECK(text.rfind("### " + m.headline + "\n\n", 0) == 0);
    CHECK(text.find("- **狀態**: 開發中\n- **ETA**: 2027-Q1") != std::string::npos);
    CHECK(text.find("[在 Shipboard 開啟](" + m.link + ")") != std::string::npos);
  }

  SECTION("feishu: interactive card") {
    auto j = json::parse(render_chat(WebhookFormat::feishu, m));
    CHECK(j["msg_type"] == "interactive");
    auto card = j["card"];
    CHECK(card["header"]["title"]["tag"] == "plain_text");
    CHECK(card["header"]["title"]["content"] == m.headline);
    CHECK(card["header"]["template"] == "blue");
    std::vector<std::string> tags;
    for (const auto& e : card["elements"]) tags.push_back(e["tag"]);
    CHECK(tags == std::vector<std::string>{"div", "div", "div", "div", "hr", "action"});
    CHECK(card["elements"][1]["fields"][0]["is_short"] == true);
    CHECK(card["elements"][1]["fields"][0]["text"]["tag"] == "lark_md");
    CHECK(card["elements"][3]["text"]["tag"] == "plain_text");
    CHECK(card["elements"][3]["text"]["content"] == m.customer_answer);
    auto button = card["elements"][5]["actions"][0];
    CHECK(button["tag"] == "button");
    CHECK(button["url"] == m.link);
    CHECK_FALSE(j.contains("sign"));  // the signer adds it
  }
}

TEST_CASE("text people wrote cannot make links, tags or emphasis in markdown formats",
          "[outbound]") {
  ChatMessage m = fixed_message();
  m.headline = "狀態更新: [付款](https://evil.example.com) → 開發中";
  m.item_title = "<font color=\"warning\">**急**</font> [點我](https://evil.example.com)";
  m.customer_answer = "請至 [這裡](https://evil.example.com) 付款\n# 標題 `code` _斜_";
  for (WebhookFormat f : {WebhookFormat::wecom, WebhookFormat::dingtalk, WebhookFormat::teams}) {
    INFO(to_string(f));
    const std::string body = render_chat(f, m);
    CHECK(body.find("](https://evil") == std::string::npos);  // no [..](..) of theirs
    CHECK(body.find("**急**") == std::string::npos);
    CHECK(body.find("<font color=\\\"warning\\\">**") == std::string::npos);
    CHECK(body.find("［點我］") != std::string::npos);  // still readable
    CHECK(body.find("＃ 標題") != std::string::npos);
    CHECK(body.find(m.link) != std::string::npos);  // the board's own link still works
  }
}

TEST_CASE("chat bodies keep the vendors' limits for a 10,000-character answer", "[outbound]") {
  ChatMessage m = fixed_message();
  m.customer_answer.clear();
  for (int i = 0; i < 10000; ++i) m.customer_answer += (i % 50 == 49) ? "\n" : "答";
  REQUIRE(utf8_length(m.customer_answer) == 10000);

  auto wecom = json::parse(render_chat(WebhookFormat::wecom, m));
  const std::string content = wecom["markdown"]["content"];
  CHECK(content.size() <= 4096);
  CHECK(is_valid_utf8(content));
  CHECK(content.find("](" + m.link + ")") != std::string::npos);  // the link survives

  auto ding = json::parse(render_chat(WebhookFormat::dingtalk, m));
  const std::string text = ding["markdown"]["text"];
  CHECK(text.size() <= 20000);
  CHECK(is_valid_utf8(text));
  CHECK(text.find("](" + m.link + ")") != std::string::npos);

  CHECK(render_chat(WebhookFormat::teams, m).size() <= 28000);
  CHECK(render_chat(WebhookFormat::feishu, m).size() <= 20000);
  CHECK(is_valid_utf8(render_chat(WebhookFormat::feishu, m)));

  auto slack = json::parse(render_chat(WebhookFormat::slack, m));
  for (const auto& b : slack["blocks"])
    if (b["type"] == "section" && b.contains("text"))
      CHECK(utf8_length(b["text"]["text"].get<std::string>()) <= 3000);

  // A long WeCom content with nothing left to shorten is cut whole, on a character boundary.
  ChatMessage heavy = fixed_message();
  heavy.customer_answer.clear();
  heavy.facts.assign(200, {"欄位", "很長的值很長的值很長的值"});
  const std::string cut =
      json::parse(render_chat(WebhookFormat::wecom, heavy))["markdown"]["content"];
  CHECK(cut.size() <= 4096);
  CHECK(is_valid_utf8(cut));
}

TEST_CASE("chat bodies repair invalid UTF-8 instead of throwing", "[outbound]") {
  ChatMessage m = fixed_message();
  m.headline = "壞\xff\xfe字";
  m.customer_answer = std::string("半個字\xe7\x9b");
  for (WebhookFormat f : kFormats) {
    std::string body;
    REQUIRE_NOTHROW(body = render_chat(f, m));
    CHECK(is_valid_utf8(body));
  }
}

TEST_CASE("HMAC-SHA256 and the generic webhook signature", "[outbound]") {
  // RFC 4231, test cases 1, 2 and 6 (a key longer than the block size).
  CHECK(hmac_sha256_hex(std::string(20, '\x0b'), "Hi There") ==
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  CHECK(hmac_sha256_hex("Jefe", "what do ya want for nothing?") ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  CHECK(hmac_sha256_hex(std::string(131, '\xaa'),
                        "Test Using Larger Than Block-Size Key - Hash Key First") ==
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  // Derived twice, locally: /usr/bin/python3 hmac.new(b"whsec_test",
  // b'1700000000.{"a":1}', hashlib.sha256).hexdigest() and
  // printf '%s' '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec_test — both agree.
  CHECK(generic_signature("whsec_test", "1700000000", R"({"a":1})") ==
        "sha256=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789");
}

TEST_CASE("DingTalk signed webhook URL", "[outbound]") {
  // Expected values from the Python sample on DingTalk's "自定义机器人安全设置" page, run with
  // /usr/bin/python3 and timestamp = '1700000000000', secret = 'this is secret':
  // quote_plus(b64encode(hmac.new(secret, f"{timestamp}\n{secret}", sha256).digest())).
  const std::string url = "https://robot.example.com/robot/send?access_token=abc123";
  CHECK(dingtalk_signed_url(url, "this is secret", 1700000000000) ==
        url + "&timestamp=1700000000000&sign=sSFWELbV2YwjdDQhWZwTcWlX5BWUx5J6TPpsZmuPii0%3D");
  // A second implementation's published vector (the Rust crate dingding's signature test:
  // "1700000000000", "secret"); the vendor's Python sample gives the same.
  CHECK(dingtalk_signed_url("https://robot.example.com/robot/send", "secret", 1700000000000) ==
        "https://robot.example.com/robot/send?timestamp=1700000000000"
        "&sign=OuzzJR5%2BxZ4%2FEYwqtNt6sMYZQMTa%2FHEGvc9miJe7XzY%3D");
  CHECK(dingtalk_signed_url("https://hook.invalid/send?", "secret", 1700000000000)
            .rfind("https://hook.invalid/send?timestamp=1700000000000&sign=", 0) == 0);
  CHECK(dingtalk_signed_url("https://hook.invalid/send?a=1&", "secret", 1700000000000)
            .rfind("https://hook.invalid/send?a=1&timestamp=", 0) == 0);
  CHECK(dingtalk_signed_url("https://hook.invalid/send?a=1#top", "secret", 1).find("#top") !=
        std::string::npos);
}

TEST_CASE("Feishu signed body", "[outbound]") {
  // Expected sign from the Python 3 sample on Feishu's "自定义机器人使用指南" page (签名校验), run
  // with /usr/bin/python3 and timestamp = "1599360473", secret = "this is secret":
  // b64encode(hmac.new(f"{timestamp}\n{secret}".encode(), b"", digestmod=sha256).digest()).
  const std::string body = R"({"msg_type":"text","content":{"text":"新版本上線"}})";
  const std::string signed_body = feishu_signed_body(body, "this is secret", 1599360473);
  CHECK(signed_body ==
        R"({"msg_type":"text","content":{"text":"新版本上線"},"timestamp":"1599360473",)"
        R"("sign":"/eYKrXQBzTjUZJ3s6NX16VxGbTwmK7AEs8/FnvC1CSw="})");
  auto j = json::parse(signed_body);
  CHECK(j["timestamp"].is_string());

  // A rendered card keeps its content and gains the two fields.
  const std::string card = render_chat(WebhookFormat::feishu, fixed_message());
  auto signed_card = json::parse(feishu_signed_body(card, "s", 1700000000));
  CHECK(signed_card["msg_type"] == "interactive");
  CHECK(signed_card["timestamp"] == "1700000000");
  CHECK(signed_card["card"] == json::parse(card)["card"]);

  CHECK_THROWS_AS(feishu_signed_body("not json", "s", 1), std::invalid_argument);
  CHECK_THROWS_AS(feishu_signed_body("[1,2]", "s", 1), std::invalid_argument);
}
