// Counting open event streams against their limits (http/stream_budget.hpp).
#include "http/stream_budget.hpp"

namespace shipboard::server {

std::unique_ptr<StreamBudget::Slot> StreamBudget::acquire(const std::string& caller,
                                                          const std::string& peer,
                                                          std::string& refused) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (open_ >= limits_.total) {
    refused = "total";
    return nullptr;
  }
  auto c = by_caller_.find(caller);
  if (c != by_caller_.end() && c->second >= limits_.per_caller) {
    refused = "caller";
    return nullptr;
  }
  auto a = by_peer_.find(peer);
  if (a != by_peer_.end() && a->second >= limits_.per_peer) {
    refused = "peer";
    return nullptr;
  }
  ++open_;
  ++by_caller_[caller];
  ++by_peer_[peer];
  return std::unique_ptr<Slot>(new Slot(*this, caller, peer));
}

void StreamBudget::release(const std::string& caller, const std::string& peer) {
  std::lock_guard<std::mutex> lock(mutex_);
  --open_;
  if (auto c = by_caller_.find(caller); c != by_caller_.end() && --c->second <= 0)
    by_caller_.erase(c);
  if (auto a = by_peer_.find(peer); a != by_peer_.end() && --a->second <= 0) by_peer_.erase(a);
}

int StreamBudget::open() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return open_;
}

StreamBudget::Slot::~Slot() {
  budget_.release(caller_, peer_);
}

}  // namespace shipboard::server
