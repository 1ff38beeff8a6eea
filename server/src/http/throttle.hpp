// Sign-in throttling per account: after kFreeFailures failed attempts, each further attempt
// must wait an exponentially growing delay (capped), answered with 429 and Retry-After.
// In memory, per process; a successful sign-in clears the account's record.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace shipboard::server {

class SignInThrottle {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr int kFreeFailures = 5;
  static constexpr std::chrono::seconds kMaxDelay{15 * 60};
  static constexpr std::chrono::seconds kForgetAfter{60 * 60};
  static constexpr std::size_t kMaxTracked = 100000;  // bound memory under a login flood

  // Seconds to wait before `login` may try again (0: may try now).
  long retry_after(const std::string& login, Clock::time_point now = Clock::now());
  void failed(const std::string& login, Clock::time_point now = Clock::now());
  void succeeded(const std::string& login);

 private:
  struct Record {
    int failures = 0;
    Clock::time_point last{};
    Clock::time_point next_allowed{};
  };
  std::mutex mutex_;
  std::map<std::string, Record> records_;
};

}  // namespace shipboard::server
