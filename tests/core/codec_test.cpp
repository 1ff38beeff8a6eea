// JSON round trips of every entity, and what the restricted audience (viewers, embeds) never
// receives: internal notes, customer names, deal values, contacts.
#include <catch2/catch.hpp>

#include "shipboard/codec.hpp"

using namespace shipboard;
using nlohmann::json;

namespace {
// Encodes, prints, parses and decodes: the client's view of what the server sent.
template <class T, class Decode>
T round_trip(const T& value, Decode decode) {
  auto text = to_json(value).dump();
  auto parsed = parse_json(text);
  REQUIRE(parsed);
  auto back = decode(*parsed);
  INFO(text);
  REQUIRE(back.ok());
  return *back.value;
}

Customer sample_customer() {
  Customer c;
  c.id = 4;
  c.name = "華夏銀行";
  c.annual_value = Money{250000000, "CNY"};
  c.tier = Tier::A;
  c.channel = Channel::partner;
  c.partner_id = 9;
  c.owner_id = 12;
  c.contacts = {{"王經理", "IT 主管", ContactRole::champion},
                {"李總", "CFO", ContactRole::decision_maker}};
  c.version = 3;
  c.created_at = "2026-01-02T03:04:05Z";
  c.updated_at = "2026-02-02T03:04:05Z";
  return c;
}
}  // namespace

TEST_CASE("every entity survives the JSON round trip") {
  Item it;
  it.id = 7;
  it.status = ItemStatus::planned;
  it.eta = parse_eta("2027-Q2");
  it.customer_answer = "Planned for Q2.";
  it.answer_basis = AnswerBasis{ItemStatus::planned, 3, parse_eta("2027-Q2")};
  CHECK(round_trip(it, decode_item) == it);

  CHECK(round_trip(sample_customer(), decode_customer) == sample_customer());

  Request r{11,
            7,
            4,
            12,
            Importance::blocker,
            Money{5000000, "CNY"},
            "「沒有直播就不續約」",
            "2026-03-01T00:00:00Z",
            "華夏銀行",
            Tier::A};
  CHECK(round_trip(r, decode_request) == r);

  Question q;
  q.id = 5;
  q.item_id = 7;
  q.customer_id = 4;
  q.body = "直播什麼時候上線？";
  q.state = QuestionState::answered;
  q.asked_by = 12;
  q.answers = {Answer{1, 5, "預計第二季。", 2, "2026-03-02T00:00:00Z"}};
  q.answered_at = "2026-03-02T00:00:00Z";
  CHECK(round_trip(q, decode_question) == q);
  CHECK(round_trip(q.answers[0], decode_answer) == q.answers[0]);

  LibraryAnswer la;
  la.id = 3;
  la.title = "直播何時上線";
  la.body = "預計 2027 年第二季。";
  la.tags = {"直播", "roadmap"};
  la.item_id = 7;
  la.lang = "zh-Hans";
  la.author_id = 2;
  CHECK(round_trip(la, decode_library_answer) == la);

  Release rel{2,
              "2027.1",
              "2027-03-31",
              "2027-04-02",
              ReleaseState::released,
              "- 直播",
              "Q: 為什麼？",
              4,
              "2026-01-01T00:00:00Z",
              "2027-04-02T00:00:00Z"};
  CHECK(round_trip(rel, decode_release) == rel);
  Release planned;
  planned.id = 3;
  planned.name = "next";
  CHECK(to_json(planned).at("planned_date").is_null());
  CHECK(round_trip(planned, decode_release) == planned);

  Told t{8,
         12,
         4,
         7,
         std::nullopt,
         "Planned for Q2.",
         AnswerBasis{ItemStatus::planned, std::nullopt, parse_eta("2027-Q2")},
         "2026-03-03T00:00:00Z"};
  CHECK(round_trip(t, decode_told) == t);

  Notification n{
      21, 12, 300, "item.status_changed", 7, "直播: planned → beta", true, "2026-03-04T00:00:00Z"};
  CHECK(round_trip(n, decode_notification) == n);

  User u{12, "amy.chen", "陳艾米", Role::sales, false, 2, "2026-01-01T00:00:00Z"};
  CHECK(round_trip(u, decode_user) == u);

  EmbedToken et{4, "Wiki roadmap", EmbedScope{"媒體"}, 1, false, "2026-01-01T00:00:00Z"};
  CHECK(to_json(et).at("scope") == "area:媒體");
  CHECK(round_trip(et, decode_embed_token) == et);

  Event e{300,
          "item.status_changed",
          "item",
          7,
          "2026-03-04T00:00:00Z",
          2,
          json{{"status", {{"from", "planned"}, {"to", "beta"}}}}};
  CHECK(round_trip(e, decode_event) == e);
  CHECK(to_json(e).at("actor_id") == 2);
}

TEST_CASE("restricted forms leave out customers, values, contacts and internal notes") {
  auto c = to_json(sample_customer(), Audience::restricted);
  for (const char* k : {"name", "annual_value", "contacts", "owner_id", "tier"})
    CHECK_FALSE(c.contains(k));
  CHECK(to_json(sample_customer()).at("contacts").size() == 2);

  Request r;
  r.id = 1;
  r.customer_id = 4;
  r.customer_name = "華夏銀行";
  r.value_at_stake = Money{100, "CNY"};
  r.quote = "secret";
  auto rj = to_json(r, Audience::restricted);
  for (const char* k : {"customer_id", "customer_name", "value_at_stake", "quote", "created_by"})
    CHECK_FALSE(rj.contains(k));
  CHECK(rj.at("importance") == "nice");
  // The client can still decode what a viewer receives.
  CHECK(decode_request(rj).ok());

  Question q;
  q.id = 1;
  q.customer_id = 4;
  CHECK_FALSE(to_json(q, Audience::restricted).contains("customer_id"));
  CHECK(to_json(q).at("customer_id") == 4);

  Told t;
  t.id = 1;
  t.customer_id = 4;
  t.text = "x";
  CHECK_FALSE(to_json(t, Audience::restricted).contains("customer_id"));
  CHECK_FALSE(to_json(t, Audience::restricted).contains("text"));

  User u;
  u.id = 1;
  u.login = "amy";
  CHECK_FALSE(to_json(u, Audience::restricted).contains("login"));
}

TEST_CASE("event data is redacted for restricted audiences") {
  Event e{1,
          "item.updated",
          "item",
          7,
          "2026-03-04T00:00:00Z",
          2,
          json{{"internal_note", {{"changed", true}}},
               {"status", {{"from", "planned"}, {"to", "beta"}}},
               {"nested", {{"value_at_stake", 5}, {"keep", 1}}}}};
  auto j = to_json(e, Audience::restricted);
  CHECK_FALSE(j["data"].contains("internal_note"));
  CHECK(j["data"].contains("status"));
  CHECK(j["data"]["nested"] == json{{"keep", 1}});
  CHECK(to_json(e).at("data").contains("internal_note"));

  Event c{2,
          "customer.created",
          "customer",
          4,
          "2026-03-04T00:00:00Z",
          std::nullopt,
          json{{"name", "華夏銀行"}}};
  auto cj = to_json(c, Audience::restricted);
  CHECK(cj["data"] == json::object());
  CHECK(cj["actor_id"].is_null());
}

TEST_CASE("decoders report wrong types, bad enums and non-objects") {
  auto bad = decode_customer(json{{"id", 1}, {"channel", "mail"}, {"contacts", {{{"role", 3}}}}});
  REQUIRE_FALSE(bad.ok());
  REQUIRE(bad.errors.size() == 2);
  CHECK(bad.errors[0].field == "channel");
  CHECK(bad.errors[1].field == "contacts[0].role");

  auto q = decode_question(json{{"id", 1}, {"answers", {{{"id", 2}, {"body", 5}}}}});
  REQUIRE_FALSE(q.ok());
  CHECK(q.errors.at(0).field == "answers[0].body");

  CHECK_FALSE(decode_release(json{{"id", 1}, {"planned_date", "2027-02-30"}}).ok());
  CHECK_FALSE(decode_library_answer(json{{"id", 1}, {"lang", "fr"}}).ok());
  CHECK_FALSE(decode_embed_token(json{{"id", 1}, {"scope", "area:"}}).ok());
  CHECK_FALSE(decode_event(json{{"id", 1}}).ok());  // no type
  CHECK_FALSE(decode_user(json::array()).ok());
  CHECK_FALSE(decode_user(json{{"login", "x"}}).ok());  // no id
  CHECK_FALSE(decode_money(json{{"amount", -1}, {"currency", "CNY"}}).ok());
  CHECK_FALSE(decode_money(json{{"amount", 1}, {"currency", "cny"}}).ok());
}

TEST_CASE("parse_json never throws on malformed text") {
  CHECK_FALSE(parse_json("{\"a\":"));
  CHECK_FALSE(parse_json(""));
  CHECK_FALSE(parse_json("\xFF"));
  REQUIRE(parse_json("{\"a\":1}"));
  CHECK(parse_json("[1,2]")->size() == 2);
}

TEST_CASE("parse_json_body refuses a key named twice in one object, at any depth") {
  auto twice = parse_json_body(R"({"title":"a","title":"b"})");
  CHECK_FALSE(twice.value);
  CHECK(twice.duplicate_key == "title");
  auto nested = parse_json_body(R"({"contacts":[{"name":"a","role":"x","name":"b"}]})");
  CHECK_FALSE(nested.value);
  CHECK(nested.duplicate_key == "name");
  // The same key in sibling or nested objects is not a duplicate; escapes are compared decoded.
  auto siblings = parse_json_body(R"({"a":{"k":1},"b":{"k":2},"k":{"k":3}})");
  REQUIRE(siblings.value);
  CHECK((*siblings.value)["k"]["k"] == 3);
  CHECK(siblings.duplicate_key.empty());
  auto escaped = parse_json_body(R"({"標題":1,"\u6a19\u984c":2})");
  CHECK_FALSE(escaped.value);
  CHECK(escaped.duplicate_key == "標題");
  // Malformed text is neither a value nor a duplicate.
  auto broken = parse_json_body(R"({"title":"a","title")");
  CHECK_FALSE(broken.value);
  CHECK(broken.duplicate_key.empty());
  REQUIRE(parse_json_body("[1,1]").value);
}
