// Items, requests, merge, questions and answers, the told log, stale answers, notifications,
// search (Chinese 1-, 2-, 3+-character queries, Traditional/Simplified folding) and live events
// over SSE with resume, all against a real server over loopback.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <thread>

#include "server_fixture.hpp"

using namespace shipboard::test;
using nlohmann::json;

namespace {

std::string etag(const Session::Reply& r) { return r.header("ETag"); }

long id_of(const json& j) { return j.at("id").get<long>(); }

// Item id in the demo board by a fragment of its title.
long demo_item(const Session& s, const std::string& fragment) {
  auto list = s.get("/api/v1/items?limit=500");
  for (auto& it : list.body["items"])
    if (it["title"].get<std::string>().find(fragment) != std::string::npos) return id_of(it);
  FAIL("no demo item with " << fragment);
  return 0;
}

std::vector<std::string> hit_titles(const Session::Reply& r) {
  std::vector<std::string> out;
  for (auto& h : r.body["items"]) out.push_back(h["title"]);
  return out;
}

bool any_contains(const std::vector<std::string>& v, const std::string& s) {
  for (auto& x : v)
    if (x.find(s) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("items: create by role, patch with If-Match, 412 and 428, state machine, roles") {
  ServerProcess server;
  Session pm(server, "chen.pm"), sales(server, "lin.sales"), viewer(server, "zhao.viewer");

  // Sales files a bare card: it starts under review.
  auto made = sales.post("/api/v1/items", {{"kind", "feature"}, {"title", "白板協作"},
                                           {"description", "會議中多人同時畫白板"}, {"area", "會議"}});
  REQUIRE(made.status == 201);
  CHECK(made.body["status"] == "under_review");
  CHECK(made.body["created_by"] == sales.user["id"]);
  auto id = std::to_string(id_of(made.body));
  CHECK(made.header("Location") == "/api/v1/items/" + id);

  // Sales may not set PM fields; server-owned fields are rejected.
  CHECK(sales.post("/api/v1/items", {{"title", "x"}, {"status", "planned"}}).status == 403);
  CHECK(sales.post("/api/v1/items", {{"title", "x"}, {"version", 5}}).status == 422);
  CHECK(sales.post("/api/v1/items", {{"title", "x"}, {"demand_score", 5}}).status == 422);
  CHECK(sales.post("/api/v1/items", {{"title", ""}}).status == 422);
  CHECK(viewer.post("/api/v1/items", {{"title", "x"}}).status == 403);

  // CSRF: a cookie session without the header is refused.
  auto no_csrf = sales.send("POST", "/api/v1/items", json{{"title", "x"}}.dump(),
                            {{"X-CSRF-Token", "wrong"}});
  CHECK(no_csrf.status == 403);

  // The author edits the title while under review; not the status.
  auto v1 = etag(sales.get("/api/v1/items/" + id));
  auto retitled = sales.patch("/api/v1/items/" + id, {{"title", "白板協作（多人）"}}, v1);
  REQUIRE(retitled.status == 200);
  CHECK(sales.patch("/api/v1/items/" + id, {{"status", "planned"}}, etag(retitled)).status == 403);

  // PM: 428 without If-Match, 412 with a stale one, and two PATCHes with the same version.
  CHECK(pm.patch("/api/v1/items/" + id, {{"status", "planned"}}, "").status == 428);
  auto v2 = etag(pm.get("/api/v1/items/" + id));
  auto first = pm.patch("/api/v1/items/" + id, {{"status", "planned"}, {"eta", "2027-Q2"}}, v2);
  auto second = pm.patch("/api/v1/items/" + id, {{"status", "in_progress"}}, v2);
  CHECK(first.status == 200);
  CHECK(second.status == 412);
  CHECK(second.body["current"]["status"] == "planned");
  CHECK(pm.patch("/api/v1/items/" + id, {{"status", "beta"}}, "\"nonsense\"").status == 412);

  // Commitment needs an ETA; shipped is final (409); unknown fields 422; wrong types 422.
  auto v3 = etag(first);
  CHECK(pm.patch("/api/v1/items/" + id, {{"eta", nullptr}, {"commitment", "committed"}}, v3).status == 422);
  CHECK(pm.patch("/api/v1/items/" + id, {{"status", 3}}, v3).status == 422);
  CHECK(pm.patch("/api/v1/items/" + id, {{"answer_stale", false}}, v3).status == 422);
  auto shipped = pm.patch("/api/v1/items/" + id, {{"status", "shipped"}}, v3);
  REQUIRE(shipped.status == 200);
  auto reopen = pm.patch("/api/v1/items/" + id, {{"status", "planned"}}, etag(shipped));
  CHECK(reopen.status == 409);
  CHECK(reopen.header("Content-Type") == "application/problem+json");
  CHECK(pm.patch("/api/v1/items/999999", {{"title", "x"}}, "\"1\"").status == 404);
  auto wrong_type = pm.send("PATCH", "/api/v1/items/" + id, "title=x", {{"If-Match", etag(shipped)}},
                            "text/plain");
  CHECK(wrong_type.status == 415);
}

TEST_CASE("stale customer answers, told log and notifications") {
  ServerProcess server;
  Session pm(server, "chen.pm"), sales(server, "lin.sales");
  long live = demo_item(sales, "直播");
  auto path = "/api/v1/items/" + std::to_string(live);
  auto before = sales.get(path);
  REQUIRE(before.body["customer_answer"].get<std::string>().size() > 0);
  CHECK(before.body["answer_stale"] == false);

  // Sales tells a customer (国泰 = customer 1 in the demo) and follows.
  auto told = sales.post("/api/v1/told", {{"customer_id", 1}, {"item_id", live}});
  REQUIRE(told.status == 201);
  CHECK(told.body["text"] == before.body["customer_answer"]);
  CHECK(sales.post("/api/v1/told", {{"customer_id", 999}, {"item_id", live}}).status == 422);
  auto inbox0 = sales.get("/api/v1/inbox").body["unread"].get<long>();

  // The PM moves the ETA: the answer becomes stale, the told entry too, sales is notified.
  auto moved = pm.patch(path, {{"eta", "2027-Q2"}}, etag(before));
  REQUIRE(moved.status == 200);
  CHECK(moved.body["answer_stale"] == true);
  auto mine = sales.get("/api/v1/told");
  REQUIRE(mine.status == 200);
  REQUIRE(mine.body["items"].size() == 1);
  CHECK(mine.body["items"][0]["stale"] == true);
  // Two entries: the change itself, and (newest) the prompt to tell the customer again.
  auto inbox = sales.get("/api/v1/inbox");
  CHECK(inbox.body["unread"].get<long>() == inbox0 + 2);
  CHECK(inbox.body["items"][0]["item_id"] == live);
  CHECK(inbox.body["items"][0]["kind"] == "told.stale");
  CHECK(inbox.body["items"][1]["item_id"] == live);
  CHECK(inbox.body["items"][1]["kind"] == "item.eta_changed");

  // Confirming the answer clears the stale mark.
  auto confirmed = pm.patch(path, {{"confirm_answer", true}}, etag(moved));
  REQUIRE(confirmed.status == 200);
  CHECK(confirmed.body["answer_stale"] == false);
  auto read = sales.post("/api/v1/inbox/read", {{"all", true}});
  CHECK(read.status == 200);
  CHECK(read.body["unread"] == 0);
}

TEST_CASE("requests weigh demand; merge moves requests, followers and questions") {
  ServerProcess server;
  Session pm(server, "chen.pm"), sales(server, "lin.sales"), viewer(server, "zhao.viewer");
  long outlook = demo_item(sales, "Outlook");
  auto path = "/api/v1/items/" + std::to_string(outlook);
  double before = sales.get(path).body["demand_score"];

  auto req = sales.post(path + "/requests", {{"customer_id", 1}, {"importance", "blocker"},
                                              {"value_at_stake", {{"amount", 50000000}, {"currency", "CNY"}}},
                                              {"quote", "沒有行事曆同步就不續約"}});
  REQUIRE(req.status == 201);
  auto after = sales.get(path).body;
  CHECK(after["demand_score"].get<double>() > before);
  CHECK(sales.post(path + "/requests", {{"customer_id", 1}, {"importance", "urgent"},
                                        {"value_at_stake", {{"amount", 1}, {"currency", "CNY"}}}})
            .status == 422);
  CHECK(sales.post(path + "/requests", {{"customer_id", 1}, {"importance", "nice"},
                                        {"value_at_stake", {{"amount", -1}, {"currency", "CNY"}}}})
            .status == 422);
  CHECK(viewer.post(path + "/requests", {{"customer_id", 1}}).status == 403);

  auto full = sales.get(path + "/requests");
  REQUIRE(full.status == 200);
  CHECK(full.body["items"].back()["customer_name"] == "國泰世紀金融控股");
  auto restricted = viewer.get(path + "/requests");
  REQUIRE(restricted.status == 200);
  CHECK(restricted.raw.find("國泰") == std::string::npos);
  CHECK(restricted.raw.find("value_at_stake") == std::string::npos);
  CHECK(restricted.raw.find("不續約") == std::string::npos);

  // A duplicate filed by sales, with a question and a follower, merged by the PM.
  auto dup = sales.post("/api/v1/items", {{"title", "Outlook 行事曆整合"}, {"area", "整合"}});
  REQUIRE(dup.status == 201);
  auto dup_path = "/api/v1/items/" + std::to_string(id_of(dup.body));
  REQUIRE(sales.post(dup_path + "/requests", {{"customer_id", 6}, {"importance", "important"},
                                               {"value_at_stake", {{"amount", 1000}, {"currency", "CNY"}}}})
              .status == 201);
  REQUIRE(sales.post("/api/v1/questions", {{"item_id", id_of(dup.body)}, {"body", "能同步會議室嗎？"}}).status == 201);
  REQUIRE(sales.put(dup_path + "/follow").status == 200);
  CHECK(sales.post(dup_path + "/merge", {{"into", outlook}}).status == 403);
  auto merged = pm.post(dup_path + "/merge", {{"into", outlook}});
  REQUIRE(merged.status == 200);
  CHECK(merged.body["id"] == outlook);
  CHECK(sales.get(dup_path).body["merged_into"] == outlook);
  CHECK(pm.post(dup_path + "/merge", {{"into", outlook}}).status == 409);
  CHECK(pm.post(path + "/merge", {{"into", outlook}}).status == 409);
  CHECK(pm.post(path + "/merge", {{"into", 999999}}).status == 422);
  auto moved_requests = sales.get(path + "/requests").body["items"];
  CHECK(moved_requests.size() == full.body["items"].size() + 1);
  auto qs = sales.get("/api/v1/questions?item=" + std::to_string(outlook));
  CHECK(qs.body["items"].size() == 1);
  // Not in the default list any more.
  auto remaining = sales.get("/api/v1/items?limit=500");
  for (auto& it : remaining.body["items"]) CHECK(it["id"] != id_of(dup.body));

  auto history = pm.get(path + "/history");
  REQUIRE(history.status == 200);
  CHECK(history.body["items"].size() >= 2);
  CHECK(viewer.get(path + "/history").status == 403);
  CHECK(sales.del(path + "/follow").status == 200);
  CHECK(viewer.put(path + "/follow").status == 403);
}

TEST_CASE("questions are answered by PMs, ordered by priority, and can become library answers") {
  ServerProcess server;
  Session pm(server, "chen.pm"), sales(server, "li.sales"), viewer(server, "zhao.viewer");
  auto asked = sales.post("/api/v1/questions", {{"customer_id", 2}, {"body", "字幕支援粵語嗎？"}});
  REQUIRE(asked.status == 201);
  CHECK(asked.body["state"] == "open");
  CHECK(sales.post("/api/v1/questions", {{"body", "x"}, {"asked_by", 1}}).status == 422);
  CHECK(sales.post("/api/v1/questions", {{"item_id", 99999}, {"body", "x"}}).status == 422);
  CHECK(viewer.post("/api/v1/questions", {{"body", "x"}}).status == 403);

  auto open = pm.get("/api/v1/questions?state=open&sort=priority");
  REQUIRE(open.status == 200);
  CHECK(open.body["items"].size() >= 4);
  for (auto& q : open.body["items"]) CHECK(q["state"] == "open");

  auto qid = std::to_string(id_of(asked.body));
  CHECK(sales.post("/api/v1/questions/" + qid + "/answers", {{"body", "可以"}}).status == 403);
  auto answered = pm.post("/api/v1/questions/" + qid + "/answers",
                          {{"body", "目前支援國語與英語，粵語排在明年。"}, {"to_library", true}});
  REQUIRE(answered.status == 201);
  CHECK(answered.body["state"] == "answered");
  CHECK(answered.body["answers"].size() == 1);
  CHECK(pm.post("/api/v1/questions/99999/answers", {{"body", "x"}}).status == 404);
  auto inbox = sales.get("/api/v1/inbox");
  CHECK(inbox.body["items"][0]["kind"] == "question.answered");
  auto lib = sales.get("/api/v1/answers");
  REQUIRE(lib.status == 200);
  CHECK(lib.raw.find("粵語") != std::string::npos);
  CHECK(pm.get("/api/v1/questions?state=maybe").status == 400);
}

TEST_CASE("search: Chinese of every length, Traditional/Simplified folding, English words") {
  ServerProcess server;
  Session sales(server, "lin.sales"), viewer(server, "zhao.viewer");
  auto q = [&](const std::string& query) {
    auto r = sales.get("/api/v1/search?q=" + httplib::encode_query_component(query));
    REQUIRE(r.status == 200);
    return hit_titles(r);
  };
  CHECK(any_contains(q("直播"), "直播功能"));        // 2 characters
  CHECK(any_contains(q("播"), "直播功能"));          // 1 character
  CHECK(any_contains(q("直播功能"), "直播功能"));    // 4 characters
  CHECK(any_contains(q("live"), "直播功能"));        // English word
  CHECK(any_contains(q("LIVE"), "直播功能"));        // case
  CHECK(any_contains(q("ｌｉｖｅ"), "直播功能"));    // full-width
  CHECK(any_contains(q("视频"), "视频自动字幕"));    // Simplified → Simplified
  CHECK(any_contains(q("視頻"), "视频自动字幕"));    // Traditional finds Simplified
  CHECK(any_contains(q("單一登入"), "SSO"));
  CHECK(any_contains(q("单一登录"), "SSO") == false);  // different words, no false match
  CHECK(any_contains(q("单一登入"), "SSO"));          // Simplified finds Traditional
  CHECK(q("不存在的功能xyz").empty());
  CHECK(sales.get("/api/v1/search").status == 400);

  // The item list filter uses the same matching.
  auto filtered = sales.get("/api/v1/items?q=" + httplib::encode_query_component("直播"));
  REQUIRE(filtered.status == 200);
  REQUIRE(filtered.body["items"].size() >= 1);
  CHECK(filtered.body["items"][0]["title"].get<std::string>().find("直播") != std::string::npos);

  // Questions (and their answers) are found too, for signed-in staff.
  auto qhits = sales.get("/api/v1/search?q=" + httplib::encode_query_component("員工觀看"));
  REQUIRE(qhits.status == 200);
  bool question_hit = false;
  for (auto& h : qhits.body["items"]) question_hit = question_hit || h["entity"] == "question";
  CHECK(question_hit);
  auto ahits = sales.get("/api/v1/search?q=" + httplib::encode_query_component("僅限組織內成員"));
  REQUIRE(ahits.body["items"].size() >= 1);
  CHECK(ahits.body["items"][0]["entity"] == "question");

  // Viewers do not search questions (which may quote customers).
  auto v = viewer.get("/api/v1/search?q=" + httplib::encode_query_component("國泰"));
  REQUIRE(v.status == 200);
  for (auto& h : v.body["items"]) CHECK(h["entity"] != "question");
}

TEST_CASE("live events over SSE with ids, resume from Last-Event-ID, stripped for viewers") {
  ServerProcess server;
  Session pm(server, "chen.pm"), viewer(server, "zhao.viewer");
  long live = demo_item(pm, "直播");
  auto path = "/api/v1/items/" + std::to_string(live);

  // A viewer's stream, read on a thread until it has seen the status change.
  std::string received;
  std::atomic<bool> got{false};
  std::thread reader([&] {
    auto c = server.client();
    c.set_read_timeout(10);
    httplib::Headers h{{"Cookie", viewer.cookie}};
    c.Get("/api/v1/events", h, [&](const char* data, size_t n) {
      received.append(data, n);
      if (received.find("item.status_changed") != std::string::npos) {
        got = true;
        return false;
      }
      return true;
    });
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto v = etag(pm.get(path));
  REQUIRE(pm.patch(path, {{"status", "beta"}, {"internal_note", "機密：CDN 延誤"}}, v).status == 200);
  reader.join();
  REQUIRE(got);
  CHECK(received.find("id: ") != std::string::npos);
  CHECK(received.find("機密") == std::string::npos);
  CHECK(received.find("internal_note\":{") == std::string::npos);

  // Resume: asking from an earlier id replays the events after it.
  auto history = pm.get(path + "/history").body["items"];
  long latest = history[0]["id"];
  std::string replay;
  auto c = server.client();
  httplib::Headers h{{"Cookie", pm.cookie}, {"Last-Event-ID", std::to_string(latest - 1)}};
  c.Get("/api/v1/events", h, [&](const char* data, size_t n) {
    replay.append(data, n);
    return replay.find("id: " + std::to_string(latest)) == std::string::npos;
  });
  CHECK(replay.find("id: " + std::to_string(latest) + "\n") != std::string::npos);
  CHECK(Session::anonymous(server).get("/api/v1/events").status == 401);
}

TEST_CASE("the asker rewords an open question; others may not; told log for PMs") {
  ServerProcess server;
  Session pm(server, "chen.pm"), sales(server, "lin.sales"), other(server, "li.sales");
  auto asked = sales.post("/api/v1/questions", {{"body", "直播能錄影嗎"}});
  REQUIRE(asked.status == 201);
  auto path = "/api/v1/questions/" + std::to_string(id_of(asked.body));
  auto v = etag(sales.get(path));
  CHECK(other.patch(path, {{"body", "改掉"}}, v).status == 403);
  CHECK(sales.patch(path, {{"body", "x"}}, "").status == 428);
  CHECK(sales.patch(path, {{"body", ""}}, v).status == 422);
  auto edited = sales.patch(path, {{"body", "直播結束後能自動錄影嗎？"}}, v);
  REQUIRE(edited.status == 200);
  CHECK(edited.body["body"] == "直播結束後能自動錄影嗎？");
  auto stale = sales.patch(path, {{"body", "again"}}, v);
  CHECK(stale.status == 412);
  CHECK(stale.body["current"]["body"] == "直播結束後能自動錄影嗎？");
  CHECK(pm.get("/api/v1/told").status == 200);

  // A new request's response names its customer and tier.
  auto req = sales.post("/api/v1/items/1/requests",
                        {{"customer_id", 1}, {"importance", "nice"},
                         {"value_at_stake", {{"amount", 100}, {"currency", "CNY"}}}});
  REQUIRE(req.status == 201);
  CHECK(req.body["customer_name"] == "國泰世紀金融控股");
  CHECK(req.body["customer_tier"] == "A");
}
