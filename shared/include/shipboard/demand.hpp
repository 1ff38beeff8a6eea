// Demand: customer tiers by the 80/20 rule and an item's demand score from its requests.
// Both formulas, with worked examples that the tests repeat, are in docs/formulas.md.
// Money is in integer minor units and a board has one currency: amounts are added as they
// are, without conversion.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "shipboard/model.hpp"

namespace shipboard {

// [SECTION] Tiers (80/20) ------------------------------------------------------------------------
// Customers are ranked by annual value, highest first (ties: lower id first). With T the
// total and B the sum of the values ranked strictly before a customer's value (all customers
// of equal value share the B of the first of them, so ties always get the same tier):
//   A  if B < 80% of T     B  if B < 95% of T     C  otherwise (and everyone when T = 0).
// So the first customer is always A (when T > 0), and A is the smallest head of the ranking
// that reaches 80% of the total value.
struct TierAssignment {
  Id customer_id = 0;
  Tier tier = Tier::C;
  double share = 0;                    // value / T (0 when T = 0)
  double cumulative_share_before = 0;  // B / T, as used for the tier
  bool operator==(const TierAssignment&) const = default;
};
// In ranking order (for the Pareto chart).
std::vector<TierAssignment> compute_tiers(const std::vector<Customer>& customers);
// Sets `tier` on every customer.
void assign_tiers(std::vector<Customer>& customers);

// [SECTION] Demand score
// --------------------------------------------------------------------------- Weights: importance
// nice 1, important 2, blocker 4; tier A 3, B 2, C 1.
int importance_weight(Importance importance);
int tier_weight(Tier tier);

// Tiers and value shares of all the board's customers, computed once for many items.
class DemandContext {
 public:
  explicit DemandContext(const std::vector<Customer>& customers);
  Tier tier(Id customer) const;     // C for an unknown customer
  double share(Id customer) const;  // 0 for an unknown customer
  std::int64_t total_value() const { return total_; }
  const std::string& currency() const { return currency_; }

 private:
  std::map<Id, TierAssignment> by_id_;
  std::int64_t total_ = 0;  // saturates at INT64_MAX
  std::string currency_ = "CNY";
};

struct Demand {
  double score = 0;                 // rounded to 2 decimals
  std::int64_t request_count = 0;   // all requests
  std::int64_t customer_count = 0;  // distinct customers (= requests counted)
  Money value_at_stake;             // sum over counted requests
  Money blocked_value;              // sum over counted requests that are blockers
  bool operator==(const Demand&) const = default;
};

// One request per customer counts: the one with the highest importance, then the largest
// value at stake, then the lowest id. For each counted request of customer c:
//   points = importance_weight x tier_weight(c) x (1 + share(c))
// and score = sum of points, rounded to 2 decimals. Requests of other items are the caller's
// business: pass one item's requests.
Demand item_demand(const std::vector<Request>& requests, const DemandContext& context);
// Copies score, request count and value at stake onto the item.
void apply_demand(Item& item, const Demand& demand);

}  // namespace shipboard
