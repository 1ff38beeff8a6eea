// The outbox's pure rules: the retry schedule's bounds and growth, the give-up point, digest
// moments across midnight and time zones, the words of delivery states and email modes, and the
// strict decoding of channel and email-choice commands.
#include <catch2/catch.hpp>

#include "shipboard/commands.hpp"
#include "shipboard/delivery.hpp"

using namespace shipboard;

TEST_CASE("retries start at 10 s, double, never exceed 6 h and spread by jitter", "[delivery]") {
  CHECK(retry_delay_seconds(1, 0.0) == 10);
  CHECK(retry_delay_seconds(2, 0.0) == 20);
  CHECK(retry_delay_seconds(3, 0.0) == 40);
  CHECK(retry_delay_seconds(1, 0.99) == 12);  // 10 + floor(0.99 * 10 / 4)
  std::int64_t previous = 0;
  for (int attempt = 1; attempt < 40; ++attempt) {
    for (double j : {0.0, 0.5, 0.999}) {
      auto d = retry_delay_seconds(attempt, j);
      CHECK(d >= kFirstRetrySeconds);
      CHECK(d <= kMaxRetrySeconds);
    }
    auto d0 = retry_delay_seconds(attempt, 0.0);
    CHECK(d0 >= previous);
    previous = d0;
  }
  CHECK(retry_delay_seconds(12, 0.0) == 20480);  // 10 s * 2^11
  CHECK(retry_delay_seconds(13, 0.0) == kMaxRetrySeconds);
  CHECK(retry_delay_seconds(1000, 0.7) == kMaxRetrySeconds);
  CHECK(retry_delay_seconds(0, 0.0) == 10);
}

TEST_CASE("a delivery is given up when its next attempt would be past 24 h", "[delivery]") {
  CHECK_FALSE(gives_up(1000, 1000 + kGiveUpSeconds));
  CHECK(gives_up(1000, 1000 + kGiveUpSeconds + 1));
  // The schedule reaches the give-up point after a bounded number of attempts.
  std::int64_t t = 0;
  int attempts = 0;
  while (!gives_up(0, t)) t += retry_delay_seconds(++attempts, 0.5);
  CHECK(attempts > 8);
  CHECK(attempts < 20);
}

TEST_CASE("digest moments in the user's time zone", "[delivery]") {
  const auto at = [](const char* ts) { return *epoch_seconds(ts); };
  CHECK(parse_clock("09:00") == 540);
  CHECK(parse_clock("23:59") == 1439);
  CHECK_FALSE(parse_clock("24:00"));
  CHECK_FALSE(parse_clock("9:00"));
  CHECK_FALSE(parse_clock("09:60"));
  CHECK(parse_utc_offset("+08:00") == 480);
  CHECK(parse_utc_offset("-05:30") == -330);
  CHECK(parse_utc_offset("Z") == 0);
  CHECK_FALSE(parse_utc_offset("+15:00"));
  CHECK_FALSE(parse_utc_offset("08:00"));
  // 09:00 in Taipei is 01:00 UTC.
  CHECK(timestamp_of(last_digest_at(at("2026-12-03T15:04:05Z"), 540, 480)) ==
        "2026-12-03T01:00:00Z");
  CHECK(timestamp_of(last_digest_at(at("2026-12-03T00:59:59Z"), 540, 480)) ==
        "2026-12-02T01:00:00Z");
  CHECK(timestamp_of(last_digest_at(at("2026-12-03T01:00:00Z"), 540, 480)) ==
        "2026-12-03T01:00:00Z");
  // 18:00 in New York (-05:00) is 23:00 UTC the same day.
  CHECK(timestamp_of(last_digest_at(at("2026-12-03T22:00:00Z"), 18 * 60, -300)) ==
        "2026-12-02T23:00:00Z");
  CHECK(timestamp_of(at("2028-02-29T12:34:56Z")) == "2028-02-29T12:34:56Z");
  CHECK(timestamp_of(0) == "1970-01-01T00:00:00Z");
}

TEST_CASE("delivery words round-trip and only notifying events go out", "[delivery]") {
  for (auto s : {DeliveryState::pending, DeliveryState::delivered, DeliveryState::failed})
    CHECK(parse_delivery_state(to_string(s)) == s);
  std::string modes;
  for (auto m : kAllEmailModes) {
    CHECK(parse_email_mode(to_string(m)) == m);
    modes += (modes.empty() ? "" : ", ") + std::string(to_string(m));
  }
  CHECK_FALSE(parse_email_mode("daily"));
  CHECK(spellings(EmailMode{}) == modes);  // the list the client offers is every mode
  std::string formats;
  for (auto f : kAllWebhookFormats) {
    CHECK(parse_webhook_format(to_string(f)) == f);
    formats += (formats.empty() ? "" : ", ") + std::string(to_string(f));
  }
  CHECK(spellings(WebhookFormat{}) == formats);
  CHECK(formats == "generic, slack, teams, wecom, dingtalk, feishu");
  CHECK(is_delivered_event(EventType::release_shipped));
  CHECK(is_delivered_event(EventType::question_answered));
  CHECK_FALSE(is_delivered_event(EventType::user_created));
  CHECK_FALSE(is_delivered_event(EventType::item_demand_changed));
  CHECK(delivered_event_names().find("release.shipped") != std::string::npos);
}

TEST_CASE("channel and email-choice commands decode strictly", "[delivery]") {
  using nlohmann::json;
  auto field = [](const FieldErrors& e) { return e.empty() ? std::string() : e[0].field; };
  auto c = decode_create_webhook(json{{"url", "https://hooks.example.com/a"},
                                      {"format", "dingtalk"},
                                      {"events", {"item.eta_changed"}},
                                      {"area", "直播"},
                                      {"secret", "SEC123"}});
  REQUIRE(c.ok());
  CHECK(c.value->format == WebhookFormat::dingtalk);
  CHECK(c.value->events == std::vector<std::string>{"item.eta_changed"});
  CHECK(c.value->secret == std::optional<std::string>("SEC123"));
  CHECK_FALSE(decode_create_webhook(json{{"url", "https://h.example.com/a"}, {"format", "generic"}})
                  .value->secret);  // absent: the server generates one
  CHECK(field(decode_create_webhook(json{{"format", "generic"}}).errors) == "url");
  CHECK(field(decode_create_webhook(json{{"url", "https://h.example.com/a b"}, {"format", "slack"}})
                  .errors) == "url");
  CHECK(field(decode_create_webhook(
                  json{{"url", "https://h.example.com/a"}, {"format", "teams"}, {"secret", "x"}})
                  .errors) == "secret");
  CHECK(field(decode_create_webhook(json{{"url", "https://h.example.com/a"},
                                         {"format", "generic"},
                                         {"events", {"item.merged", "item.merged"}}})
                  .errors) == "events[1]");
  CHECK(field(decode_create_webhook(json{{"url", "https://h.example.com/a"},
                                         {"format", "generic"},
                                         {"events", {"user.created"}}})
                  .errors) == "events[0]");  // an event that never goes out

  CHECK(field(decode_patch_webhook(json::object()).errors) == "");
  CHECK_FALSE(decode_patch_webhook(json::object()).ok());  // must change something
  auto p = decode_patch_webhook(json{{"area", nullptr}, {"active", true}});
  REQUIRE(p.ok());
  CHECK(p.value->area == Clearable<std::string>(std::optional<std::string>()));
  CHECK(field(decode_patch_webhook(json{{"secret", "a"}, {"rotate_secret", true}}).errors) ==
        "secret");
  CHECK(field(decode_patch_webhook(json{{"area", ""}}).errors) == "area");

  auto n = decode_patch_notifications(
      json{{"email", {{"item.eta_changed", "digest"}}}, {"digest_time", "07:05"}});
  REQUIRE(n.ok());
  CHECK(n.value->email.size() == 1);
  CHECK(n.value->email[0].second == EmailMode::digest);
  CHECK(field(decode_patch_notifications(json{{"digest_time", "7:05"}}).errors) == "digest_time");
  CHECK(field(decode_patch_notifications(json{{"utc_offset", "+14:30"}}).errors) == "utc_offset");
  CHECK(field(decode_patch_notifications(json{{"email", {{"item.merged", 1}}}}).errors) ==
        "email.item.merged");
  CHECK(field(decode_patch_notifications(json{{"email", "off"}}).errors) == "email");
  CHECK_FALSE(decode_patch_notifications(json::object()).ok());
}
