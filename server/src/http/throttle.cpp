// Sign-in throttling; see throttle.hpp.
#include "http/throttle.hpp"

#include <algorithm>

namespace shipboard::server {

long SignInThrottle::retry_after(const std::string& login, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto it = records_.find(login);
  if (it == records_.end()) return 0;
  if (now - it->second.last > kForgetAfter) {
    records_.erase(it);
    return 0;
  }
  if (now >= it->second.next_allowed) return 0;
  // Rounded up: a client that waits Retry-After seconds is then allowed to try.
  auto wait = std::chrono::ceil<std::chrono::seconds>(it->second.next_allowed - now);
  return std::max<long>(1, static_cast<long>(wait.count()));
}

void SignInThrottle::failed(const std::string& login, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (records_.size() >= kMaxTracked) {
    // Drop the stalest records first.
    for (auto it = records_.begin(); it != records_.end();) {
      it = now - it->second.last > kForgetAfter / 4 ? records_.erase(it) : std::next(it);
    }
    if (records_.size() >= kMaxTracked) records_.erase(records_.begin());
  }
  auto& r = records_[login];
  if (now - r.last > kForgetAfter) r = Record{};
  r.failures++;
  r.last = now;
  if (r.failures >= kFreeFailures) {
    int exp = std::min(r.failures - kFreeFailures, 10);
    auto delay = std::min<std::chrono::seconds>(std::chrono::seconds(1L << exp), kMaxDelay);
    r.next_allowed = now + delay;
  }
}

void SignInThrottle::succeeded(const std::string& login) {
  std::lock_guard lock(mutex_);
  records_.erase(login);
}

}  // namespace shipboard::server
