// Customer tiers (80/20) and item demand scores; see demand.hpp and docs/formulas.md.
#include "shipboard/demand.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace shipboard {
namespace {

__extension__ typedef __int128 Wide;  // sums of up to 10^18 per customer never overflow

std::int64_t saturate(Wide v) {
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  return v > kMax ? kMax : static_cast<std::int64_t>(v);
}

double ratio(Wide part, Wide total) {
  return total == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(total);
}

}  // namespace

// [SECTION] Tiers ---------------------------------------------------------------------------------
std::vector<TierAssignment> compute_tiers(const std::vector<Customer>& customers) {
  std::vector<const Customer*> ranked;
  ranked.reserve(customers.size());
  Wide total = 0;
  for (const auto& c : customers) {
    ranked.push_back(&c);
    total += std::max<std::int64_t>(c.annual_value.amount, 0);
  }
  std::sort(ranked.begin(), ranked.end(), [](const Customer* a, const Customer* b) {
    if (a->annual_value.amount != b->annual_value.amount)
      return a->annual_value.amount > b->annual_value.amount;
    return a->id < b->id;
  });
  std::vector<TierAssignment> out;
  out.reserve(ranked.size());
  Wide before = 0;        // sum of all values ranked before this one
  Wide group_before = 0;  // `before` of the first customer with this value
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    const Customer& c = *ranked[i];
    Wide value = std::max<std::int64_t>(c.annual_value.amount, 0);
    if (i == 0 || c.annual_value.amount != ranked[i - 1]->annual_value.amount)
      group_before = before;
    Tier tier = Tier::C;
    if (total > 0 && group_before * 100 < total * 80)
      tier = Tier::A;
    else if (total > 0 && group_before * 100 < total * 95)
      tier = Tier::B;
    out.push_back(TierAssignment{c.id, tier, ratio(value, total), ratio(group_before, total)});
    before += value;
  }
  return out;
}

void assign_tiers(std::vector<Customer>& customers) {
  auto tiers = compute_tiers(customers);
  std::map<Id, Tier> by_id;
  for (const auto& t : tiers) by_id[t.customer_id] = t.tier;
  for (auto& c : customers) c.tier = by_id[c.id];
}

// [SECTION] Demand score -------------------------------------------------------------------------
int importance_weight(Importance i) {
  switch (i) {
    case Importance::nice:
      return 1;
    case Importance::important:
      return 2;
    case Importance::blocker:
      return 4;
  }
  return 1;
}

int tier_weight(Tier t) {
  switch (t) {
    case Tier::A:
      return 3;
    case Tier::B:
      return 2;
    case Tier::C:
      return 1;
  }
  return 1;
}

DemandContext::DemandContext(const std::vector<Customer>& customers) {
  Wide total = 0;
  for (const auto& c : customers) total += std::max<std::int64_t>(c.annual_value.amount, 0);
  total_ = saturate(total);
  if (!customers.empty()) currency_ = customers.front().annual_value.currency;
  for (const auto& t : compute_tiers(customers)) by_id_[t.customer_id] = t;
}

Tier DemandContext::tier(Id customer) const {
  auto it = by_id_.find(customer);
  return it == by_id_.end() ? Tier::C : it->second.tier;
}

double DemandContext::share(Id customer) const {
  auto it = by_id_.find(customer);
  return it == by_id_.end() ? 0.0 : it->second.share;
}

Demand item_demand(const std::vector<Request>& requests, const DemandContext& ctx) {
  // The counted request per customer.
  std::map<Id, const Request*> counted;
  for (const auto& r : requests) {
    auto [it, inserted] = counted.emplace(r.customer_id, &r);
    if (inserted) continue;
    const Request& cur = *it->second;
    int wr = importance_weight(r.importance), wc = importance_weight(cur.importance);
    bool better = wr != wc ? wr > wc
                  : r.value_at_stake.amount != cur.value_at_stake.amount
                      ? r.value_at_stake.amount > cur.value_at_stake.amount
                      : r.id < cur.id;
    if (better) it->second = &r;
  }
  Demand d;
  d.request_count = static_cast<std::int64_t>(requests.size());
  d.customer_count = static_cast<std::int64_t>(counted.size());
  d.value_at_stake.currency = d.blocked_value.currency = ctx.currency();
  double score = 0;
  Wide stake = 0, blocked = 0;
  for (const auto& [customer, r] : counted) {  // ordered by customer id: deterministic sum
    score += importance_weight(r->importance) * tier_weight(ctx.tier(customer)) *
             (1.0 + ctx.share(customer));
    stake += r->value_at_stake.amount;
    if (r->importance == Importance::blocker) blocked += r->value_at_stake.amount;
  }
  d.score = std::round(score * 100.0) / 100.0;
  d.value_at_stake.amount = saturate(stake);
  d.blocked_value.amount = saturate(blocked);
  return d;
}

void apply_demand(Item& item, const Demand& d) {
  item.demand_score = d.score;
  item.request_count = d.request_count;
  item.value_at_stake = d.value_at_stake;
}

}  // namespace shipboard
