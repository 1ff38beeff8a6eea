// The worked examples of docs/formulas.md: 80/20 tiers (with ties and a zero total) and an
// item's demand score (one request per customer, tier and importance weights, value share).
#include <catch2/catch.hpp>

#include "shipboard/demand.hpp"

using namespace shipboard;

namespace {
Customer customer(Id id, std::int64_t yuan) {
  Customer c;
  c.id = id;
  c.name = "customer " + std::to_string(id);
  c.annual_value = Money{yuan * 100, "CNY"};  // minor units (fen)
  return c;
}

// docs/formulas.md, example 1: total value 10,000,000 CNY.
std::vector<Customer> board() {
  return {customer(1, 5'000'000), customer(2, 3'000'000), customer(3, 1'000'000),
          customer(4, 500'000),   customer(5, 300'000),   customer(6, 200'000)};
}

Request request(Id id, Id customer_id, Importance imp, std::int64_t yuan) {
  Request r;
  r.id = id;
  r.item_id = 42;
  r.customer_id = customer_id;
  r.importance = imp;
  r.value_at_stake = Money{yuan * 100, "CNY"};
  return r;
}
}  // namespace

TEST_CASE("tiers, example 1: A reaches 80%, B the next 15%") {
  auto tiers = compute_tiers(board());
  REQUIRE(tiers.size() == 6);
  std::vector<Tier> got;
  for (const auto& t : tiers) got.push_back(t.tier);
  CHECK(got == std::vector<Tier>{Tier::A, Tier::A, Tier::B, Tier::B, Tier::C, Tier::C});
  CHECK(tiers[0].customer_id == 1);
  CHECK(tiers[2].cumulative_share_before == Approx(0.80));
  CHECK(tiers[4].cumulative_share_before == Approx(0.95));
  CHECK(tiers[1].share == Approx(0.30));

  auto customers = board();
  std::swap(customers[0], customers[5]);  // input order does not matter
  assign_tiers(customers);
  CHECK(customers[0].id == 6);
  CHECK(customers[0].tier == Tier::C);
  CHECK(customers[5].tier == Tier::A);
}

TEST_CASE("tiers, example 2: equal values share a tier") {
  std::vector<Customer> cs{customer(4, 10), customer(1, 70), customer(3, 10), customer(2, 10)};
  auto tiers = compute_tiers(cs);
  std::vector<Id> order;
  for (const auto& t : tiers) {
    order.push_back(t.customer_id);
    CHECK(t.tier == Tier::A);  // the three 10s all start at 70% < 80%
  }
  CHECK(order == std::vector<Id>{1, 2, 3, 4});  // ties ranked by id
}

TEST_CASE("tiers: edge cases") {
  CHECK(compute_tiers({}).empty());
  auto zeros = compute_tiers({customer(1, 0), customer(2, 0)});
  CHECK(zeros[0].tier == Tier::C);
  CHECK(zeros[1].tier == Tier::C);
  auto one = compute_tiers({customer(1, 5)});
  CHECK(one[0].tier == Tier::A);
  auto with_zero = compute_tiers({customer(1, 100), customer(2, 0)});
  CHECK(with_zero[1].tier == Tier::C);
  // Totals beyond 64 bits do not overflow.
  std::vector<Customer> huge;
  for (Id i = 1; i <= 20; ++i) {
    Customer c;
    c.id = i;
    c.annual_value.amount = 1'000'000'000'000'000'000;
    huge.push_back(c);
  }
  auto ht = compute_tiers(huge);
  CHECK(ht[19].tier == Tier::A);  // all equal: one tie group
  DemandContext ctx(huge);
  CHECK(ctx.total_value() == std::numeric_limits<std::int64_t>::max());
  CHECK(ctx.share(1) == Approx(0.05));
}

TEST_CASE("demand score, example 3") {
  DemandContext ctx(board());
  CHECK(ctx.tier(1) == Tier::A);
  CHECK(ctx.tier(4) == Tier::B);
  CHECK(ctx.tier(99) == Tier::C);
  std::vector<Request> requests{
      request(1, 1, Importance::blocker, 2'000'000),  // A, share 0.50: 4 x 3 x 1.50 = 18
      request(2, 2, Importance::nice, 100'000),       // superseded by request 3
      request(3, 2, Importance::important, 300'000),  // A, share 0.30: 2 x 3 x 1.30 = 7.8
      request(4, 4, Importance::important, 50'000),   // B, share 0.05: 2 x 2 x 1.05 = 4.2
      request(5, 6, Importance::nice, 10'000),        // C, share 0.02: 1 x 1 x 1.02 = 1.02
  };
  Demand d = item_demand(requests, ctx);
  CHECK(d.score == 31.02);
  CHECK(d.request_count == 5);
  CHECK(d.customer_count == 4);
  CHECK(d.value_at_stake == Money{236'000'000, "CNY"});
  CHECK(d.blocked_value == Money{200'000'000, "CNY"});

  Item it;
  apply_demand(it, d);
  CHECK(it.demand_score == 31.02);
  CHECK(it.request_count == 5);
}

TEST_CASE("demand: one request per customer, chosen deterministically") {
  DemandContext ctx(board());
  // Same importance: the larger value at stake counts; then the lower id.
  std::vector<Request> a{request(7, 3, Importance::important, 10),
                         request(8, 3, Importance::important, 20)};
  CHECK(item_demand(a, ctx).value_at_stake.amount == 2000);
  std::vector<Request> b{request(9, 3, Importance::nice, 10), request(8, 3, Importance::nice, 10)};
  CHECK(item_demand(b, ctx).customer_count == 1);
  CHECK(item_demand(b, ctx).score == 2.2);  // B: 1 x 2 x 1.10
  // Order of the input does not change the score.
  std::vector<Request> c{b[1], b[0]};
  CHECK(item_demand(c, ctx) == item_demand(b, ctx));
  // Unknown customers count as tier C with no share; no requests score 0.
  CHECK(item_demand({request(1, 99, Importance::blocker, 1)}, ctx).score == 4);
  CHECK(item_demand({}, ctx).score == 0);
  CHECK(importance_weight(Importance::blocker) == 4);
  CHECK(tier_weight(Tier::A) == 3);
}
