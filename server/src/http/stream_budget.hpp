// The budget of open event streams, apart from the request workers: a stream holds a worker
// thread for as long as it is open, so without a budget a thousand open browsers (or one embed
// token opened a thousand times on purpose) take every worker and the board stops answering.
// Limits: all streams, streams per caller (a session, a bearer token or an embed token) and
// streams per peer address; beyond any of them a stream is refused (429) and ordinary requests
// keep their workers.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace shipboard::server {

struct StreamLimits {
  int total = 1000;    // --max-streams
  int per_caller = 8;  // --max-streams-per-caller (a session's tabs, a token's pages)
  int per_peer = 256;  // --max-streams-per-peer (one office behind NAT; raise behind a proxy)
};

class StreamBudget {
 public:
  explicit StreamBudget(StreamLimits limits) : limits_(limits) {}
  StreamBudget(const StreamBudget&) = delete;
  StreamBudget& operator=(const StreamBudget&) = delete;

  // A slot held by one open stream; its destruction gives the slot back.
  class Slot {
   public:
    ~Slot();
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;

   private:
    friend class StreamBudget;
    Slot(StreamBudget& budget, std::string caller, std::string peer)
        : budget_(budget), caller_(std::move(caller)), peer_(std::move(peer)) {}
    StreamBudget& budget_;
    std::string caller_, peer_;
  };

  // A slot for a stream of `caller` from `peer`, or nullptr with `refused` naming the limit
  // reached ("total", "caller" or "peer").
  std::unique_ptr<Slot> acquire(const std::string& caller, const std::string& peer,
                                std::string& refused);
  int open() const;
  const StreamLimits& limits() const { return limits_; }

 private:
  void release(const std::string& caller, const std::string& peer);
  StreamLimits limits_;
  mutable std::mutex mutex_;
  int open_ = 0;
  std::map<std::string, int> by_caller_, by_peer_;
};

}  // namespace shipboard::server
