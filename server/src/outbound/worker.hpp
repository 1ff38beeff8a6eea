// The outbox's delivery worker: a dispatcher thread that takes due deliveries from the store,
// leases them, and hands them to a few sender threads, at most one in flight per channel (or
// per email recipient) so a slow or dead receiver holds one sender and delays no other. A
// user's digest deliveries that are due together go out as one mail. Each attempt ends as
// delivered, retried (10 s .. 6 h with jitter), failed (given up after 24 h, or a permanent
// refusal) or gone (410: the channel is disabled). Never runs on a request thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "outbound/address_guard.hpp"
#include "outbound/mail.hpp"
#include "store/store.hpp"

namespace shipboard::server::outbound {

struct WorkerOptions {
  int senders = 32;
  AddressPolicy guard;                  // --outbound-allow
  std::string public_url;               // links back to the board ("" = none)
  int poll_ms = 1000;                   // how often due deliveries are looked for without a wake-up
  int lease_seconds = 60;               // longer than one attempt can take
  std::function<std::int64_t()> clock;  // epoch seconds; the system clock when empty
  std::optional<SmtpSettings> smtp;     // email; without it email deliveries wait
  std::string unsubscribe_key;          // the board's key of unsubscribe links
};

// `public_url`/unsubscribe?u=<user>&k=<kind>&t=<token>: one click turns that kind of email off
// for the user ("all" for a digest, which mixes kinds). The token is unsubscribe_token's.
std::string unsubscribe_url(const std::string& public_url, const std::string& key, Id user,
                            const std::string& kind);
// Hex HMAC-SHA256(key, "unsubscribe:<user>:<kind>"); the link needs no session.
std::string unsubscribe_token(const std::string& key, Id user, const std::string& kind);

// The mail of a batch of one user's deliveries (one, or a digest), or why none can go.
struct RenderedMail {
  Mail mail;
  std::string message_id;
  std::string error;  // set when it cannot be sent (no address, a bad From)
};
RenderedMail render_delivery_mail(const User& user, const store::NotificationSettings& settings,
                                  const std::vector<store::Delivery>& batch,
                                  const WorkerOptions& options);

// The message a delivery's payload tells, in `lang` (zh-Hant, zh-Hans or en).
struct RenderedRequest {
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};
RenderedRequest render_webhook_request(const store::Webhook& w, const store::Delivery& d,
                                       const std::string& public_url, std::int64_t now);

// How a receiver's answer ends an attempt (vendors answer 200 with an error code in the body).
store::DeliveryOutcome judge_answer(long status, const std::string& body, const std::string& error,
                                    bool refused);

class Worker {
 public:
  Worker(store::Store& store, WorkerOptions options);
  ~Worker();
  void start();  // releases leases a killed process left behind, then runs
  void stop();
  void wake();  // a write enqueued something

 private:
  void dispatch_loop();
  void send_loop();
  // Where a delivery goes: a channel (webhook id) or an email recipient (user id).
  using Target = std::pair<DeliveryChannel, Id>;
  // Deliveries sent together: one to a channel, or one user's mail (a digest: several).
  struct Batch {
    Target target;
    std::vector<store::Delivery> deliveries;
  };
  void attempt(const store::Delivery& d);
  void attempt_email(const Batch& b);
  // The outcome of a failed attempt retried later, or given up after 24 h.
  void schedule_retry(store::DeliveryOutcome& o, const store::Delivery& d, std::int64_t t);
  std::int64_t now() const;

  store::Store& store_;
  WorkerOptions options_;
  std::mutex mutex_;
  std::condition_variable cv_, work_cv_;
  std::deque<Batch> queue_;
  std::set<Target> in_flight_;
  std::atomic<bool> stopping_{false};
  bool woken_ = false;
  std::thread dispatcher_;
  std::vector<std::thread> senders_;
};

}  // namespace shipboard::server::outbound
