// The outbox end to end below the HTTP API: a status change enqueues a delivery in its own
// transaction; the worker sends it to a receiver started here on loopback, signed as
// docs/integrations.md says; a 410 disables the channel; a channel on a refused address fails
// without a byte sent; a dead receiver does not delay another channel.
#include <catch2/catch.hpp>

#include <chrono>
#include <thread>

#include "outbound/signatures.hpp"
#include "outbox_fixture.hpp"

using namespace shipboard;
using namespace shipboard::test;

TEST_CASE("a status change reaches a generic webhook once, signed", "[outbox]") {
  Board b;
  Receiver rx([](const httplib::Request&, httplib::Response& r) { r.status = 204; });
  Id ch = b.channel(rx.url(), WebhookFormat::generic, "s3cret");
  Id other_area = b.channel(rx.url(), WebhookFormat::generic, "", std::string("billing"));
  auto it = b.item("直播功能", "video");
  b.move(it, ItemStatus::planned);
  // Enqueued with the change, before any worker runs.
  auto page = b.store->list_deliveries(ch, 10, "");
  REQUIRE(page.value->items.size() == 1);
  CHECK(page.value->items[0].state == DeliveryState::pending);
  CHECK(page.value->items[0].event_type == "item.status_changed");
  CHECK(b.store->list_deliveries(other_area, 10, "").value->items.empty());

  outbound::Worker worker(*b.store, loopback_allowed());
  worker.start();
  REQUIRE(eventually([&] {
    return b.store->delivery(page.value->items[0].id)->state == DeliveryState::delivered;
  }));
  worker.stop();
  REQUIRE(rx.count() == 1);
  const auto& q = rx.got[0];
  CHECK(q.get_header_value("X-Shipboard-Event") == "item.status_changed");
  CHECK(q.get_header_value("X-Shipboard-Delivery") == std::to_string(page.value->items[0].id));
  const std::string ts = q.get_header_value("X-Shipboard-Timestamp");
  CHECK(q.get_header_value("X-Shipboard-Signature") ==
        outbound::generic_signature("s3cret", ts, q.body));
  auto body = nlohmann::json::parse(q.body);
  CHECK(body["event"]["type"] == "item.status_changed");
  CHECK(body["message"]["item_title"] == "直播功能");
  CHECK(body["message"]["link"] == "https://board.example.com/#/items/" + std::to_string(it.id));
  auto d = b.store->delivery(page.value->items[0].id);
  CHECK(d->attempts == 1);
  CHECK(d->last_status == 204);
}

TEST_CASE("410 disables the channel; a refused address fails without sending", "[outbox]") {
  Board b;
  Receiver gone([](const httplib::Request&, httplib::Response& r) { r.status = 410; });
  Id ch = b.channel(gone.url(), WebhookFormat::slack);
  auto it = b.item("Live streaming", "video");
  b.move(it, ItemStatus::planned);
  {
    outbound::Worker worker(*b.store, loopback_allowed());
    worker.start();
    REQUIRE(eventually([&] { return !b.store->webhook(ch)->active; }));
  }
  CHECK(b.store->webhook(ch)->disabled_reason.find("410") != std::string::npos);
  CHECK(b.store->list_deliveries(ch, 10, "").value->items[0].state == DeliveryState::failed);

  Receiver rx([](const httplib::Request&, httplib::Response& r) { r.status = 200; });
  Id guarded = b.channel(rx.url(), WebhookFormat::teams);
  b.move(*b.store->item(it.id), ItemStatus::in_progress);
  outbound::WorkerOptions no_allow;
  no_allow.poll_ms = 50;
  outbound::Worker worker(*b.store, no_allow);
  worker.start();
  REQUIRE(eventually([&] {
    auto items = b.store->list_deliveries(guarded, 10, "").value->items;
    return !items.empty() && items[0].state == DeliveryState::failed;
  }));
  worker.stop();
  auto d = b.store->list_deliveries(guarded, 10, "").value->items[0];
  CHECK(d.last_error.find("loopback") != std::string::npos);
  CHECK(rx.count() == 0);
}

TEST_CASE("a receiver that never answers delays no other channel", "[outbox]") {
  Board b;
  Receiver slow([](const httplib::Request&, httplib::Response& r) {
    std::this_thread::sleep_for(std::chrono::seconds(3));
    r.status = 500;
  });
  Receiver fast([](const httplib::Request&, httplib::Response& r) { r.status = 200; });
  Id slow_ch = b.channel(slow.url(), WebhookFormat::generic);
  Id fast_ch = b.channel(fast.url(), WebhookFormat::wecom);
  auto a = b.item("A", "video");
  auto c = b.item("C", "video");
  b.move(a, ItemStatus::planned);
  b.move(c, ItemStatus::planned);
  outbound::Worker worker(*b.store, loopback_allowed());
  auto t0 = std::chrono::steady_clock::now();
  worker.start();
  REQUIRE(eventually([&] { return fast.count() == 2; }));
  auto took = std::chrono::steady_clock::now() - t0;
  CHECK(took < std::chrono::milliseconds(2500));  // not behind the slow receiver's 3 s
  worker.stop();
  // The slow channel got one attempt at a time, and its failure is kept for a retry.
  auto first = b.store->list_deliveries(slow_ch, 10, "").value->items;
  REQUIRE(first.size() == 2);
  CHECK(slow.count() <= 2);
  (void)fast_ch;
}

TEST_CASE("a slow channel's backlog does not hide another channel's due delivery", "[outbox]") {
  Board b;
  Receiver slow([](const httplib::Request&, httplib::Response& r) {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    r.status = 200;
  });
  Receiver fast([](const httplib::Request&, httplib::Response& r) { r.status = 200; });
  b.channel(slow.url(), WebhookFormat::generic, "", std::string("video"));
  Id fast_ch = b.channel(fast.url(), WebhookFormat::generic, "", std::string("billing"));
  // 150 older deliveries for the slow channel: more than the worker reads per look.
  for (int i = 0; i < 150; ++i)
    b.move(b.item("影片 " + std::to_string(i), "video"), ItemStatus::planned);
  b.move(b.item("帳單", "billing"), ItemStatus::planned, iso_now(-240));
  outbound::Worker worker(*b.store, loopback_allowed());
  auto t0 = std::chrono::steady_clock::now();
  worker.start();
  REQUIRE(eventually([&] { return fast.count() == 1; }, 10000));
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(3));
  worker.stop();
  CHECK(slow.count() <= 8);  // one at a time: the slow one is still working through its backlog
  CHECK(b.store->list_deliveries(fast_ch, 10, "").value->items[0].state ==
        DeliveryState::delivered);
}

TEST_CASE("a channel that fails waits as a whole: one attempt, its other deliveries at the retry",
          "[outbox]") {
  Board b;
  Receiver down([](const httplib::Request&, httplib::Response& r) { r.status = 503; });
  Id ch = b.channel(down.url(), WebhookFormat::generic);
  for (int i = 0; i < 5; ++i)
    b.move(b.item("項目 " + std::to_string(i), "video"), ItemStatus::planned);
  outbound::Worker worker(*b.store, loopback_allowed());
  worker.start();
  REQUIRE(eventually([&] { return down.count() >= 1; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // several polls
  worker.stop();
  CHECK(down.count() == 1);
  auto items = b.store->list_deliveries(ch, 10, "").value->items;
  REQUIRE(items.size() == 5);
  std::string retry_at;
  for (const auto& d : items)
    if (d.attempts == 1) retry_at = d.next_attempt_at;
  REQUIRE_FALSE(retry_at.empty());
  for (const auto& d : items) {
    CHECK(d.state == DeliveryState::pending);
    CHECK(d.next_attempt_at == retry_at);
  }
}
