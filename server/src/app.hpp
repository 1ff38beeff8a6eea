// The Shipboard HTTP application: one httplib::Server with every route, the store, the event
// hub and the configuration. The route tables of routes/ are mounted behind one guard.
// `App` is a library type, so tests start a real server on port 0 in-process or as a binary.
#pragma once

#include <httplib.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "config.hpp"
#include "embed/policy.hpp"
#include "http/auth_proxy.hpp"
#include "http/event_feed.hpp"
#include "http/metrics.hpp"
#include "http/request_log.hpp"
#include "http/response_cache.hpp"
#include "http/role_map.hpp"
#include "http/static_files.hpp"
#include "http/stream_budget.hpp"
#include "http/throttle.hpp"
#include "import/jobs.hpp"
#include "oidc/provider.hpp"
#include "outbound/worker.hpp"
#include "shipboard/codec.hpp"
#include "shipboard/model.hpp"
#include "shipboard/permissions.hpp"
#include "store/store.hpp"

namespace shipboard::server {

// Who is calling. Resolved once per request from the session cookie, a bearer token or an
// embed token.
struct Principal {
  // proxy: named by a trusted reverse proxy's headers (http/auth_proxy.hpp); acts as a session
  // (writes need its CSRF token) without a cookie of its own.
  enum class Kind { anonymous, session, bearer, embed, proxy } kind = Kind::anonymous;
  User user;                 // for session, bearer and proxy
  Role role = Role::viewer;  // effective role
  std::string csrf_token;    // for session and proxy
  std::string credential;    // which session or token: "<kind><secret hash>" (limits per caller)
  EmbedScope embed_scope;    // for embed: the whole board, or one area
  bool signed_in() const {
    return kind == Kind::session || kind == Kind::bearer || kind == Kind::proxy;
  }
  // Callers whose writes carry a CSRF token (a browser's cookie or a proxy's headers).
  bool needs_csrf() const { return kind == Kind::session || kind == Kind::proxy; }
  // The area an embed token is limited to; nullopt for a board-wide token and everyone else.
  std::optional<std::string> embed_area() const {
    if (kind != Kind::embed || embed_scope.area.empty()) return std::nullopt;
    return embed_scope.area;
  }
  // Whether this caller may see the item at all (area tokens see only their area).
  bool covers(const Item& item) const {
    return kind != Kind::embed || embed_scope_covers(embed_scope, item);
  }
  Audience audience() const {
    return (kind == Kind::embed || role == Role::viewer) ? Audience::restricted : Audience::full;
  }
  store::Actor actor() const { return {user.id, role}; }
};

// Wakes event streams when something was written. Streams also poll the event table, so a
// write by another process is seen within one poll interval.
class EventHub {
 public:
  void notify();
  // Waits until notified after `seen` or `timeout`; returns the current generation.
  std::uint64_t wait(std::uint64_t seen, std::chrono::milliseconds timeout);
  std::uint64_t generation() const { return generation_.load(); }
  void stop();
  bool stopping() const { return stopping_.load(); }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::atomic<std::uint64_t> generation_{0};
  std::atomic<bool> stopping_{false};
};

class App {
 public:
  App(Config config, std::unique_ptr<store::Store> store);
  ~App();

  // Binds the configured address; returns the port or -1.
  int bind();
  // Serves until stop(); call after bind().
  bool listen();
  void stop();

  const Config& config() const { return config_; }
  store::Store& store() { return *store_; }
  EventHub& hub() { return hub_; }
  // New events read once and serialised once per audience for every open stream.
  EventFeed& feed() { return feed_; }
  httplib::Server& http() { return http_; }
  SignInThrottle& sign_in_throttle() { return throttle_; }
  // Serialised hot responses (the item list); see response_cache.hpp.
  ResponseCache& responses() { return responses_; }
  // Open event streams against their limits (http/stream_budget.hpp).
  StreamBudget& streams() { return streams_; }
  // Request counters and latency histograms for GET /metrics (http/metrics.hpp).
  Metrics& metrics() { return metrics_; }
  // One line per request (http/request_log.hpp).
  RequestLog& request_log() { return request_log_; }

  // Current time as RFC 3339 UTC ("2026-11-28T05:11:09Z"), and shifted by seconds.
  static std::string now(std::int64_t plus_seconds = 0);

  // Who is calling (session cookie, bearer token or embed token); what they may do is checked
  // by the routes' one guard (routes/route.hpp).
  Principal principal(const httplib::Request& req) const;
  // The embed pages' origins and CSPs, from --embed-origins (embed/policy.hpp).
  const EmbedPolicy& embed_policy() const { return embed_policy_; }
  // The company's OpenID provider (null when --oidc-issuer is not set) and the role map.
  oidc::Provider* oidc() { return oidc_.get(); }
  const std::vector<RoleGrant>& role_map() const { return role_map_; }
  // Where outbound requests may go (--outbound-allow), checked when a channel is saved.
  const outbound::AddressPolicy& outbound_policy() const { return outbound_policy_; }
  // The key of the one-click unsubscribe links in mails (the board's secret "unsubscribe").
  const std::string& unsubscribe_key() const { return unsubscribe_key_; }
  // CRM CSV imports running on their own thread (import/jobs.hpp).
  ImportJobs& imports() { return *imports_; }

 private:
  void install_middleware();
  void install_static();
  Config config_;
  EmbedPolicy embed_policy_;
  StreamBudget streams_;
  mutable Metrics metrics_;  // counted while callers are resolved, too
  RequestLog request_log_;
  std::unique_ptr<store::Store> store_;
  EventHub hub_;
  EventFeed feed_{*store_};
  SignInThrottle throttle_;
  ResponseCache responses_{64u << 20, std::chrono::milliseconds(1000)};
  // Resolved callers by "<kind><secret hash>", valid for one write generation and at most a
  // second: a sign-out, a revoked token or a changed user is a write and ends them. Only
  // successful lookups are kept, so random secrets cannot fill it.
  struct CachedPrincipal {
    Principal principal;
    std::uint64_t generation;
    std::chrono::steady_clock::time_point built;
  };
  mutable std::mutex principals_mutex_;
  mutable std::unordered_map<std::string, CachedPrincipal> principals_;
  std::optional<Principal> cached_principal(const std::string& key, std::uint64_t generation) const;
  void keep_principal(const std::string& key, std::uint64_t generation, const Principal& p) const;
  std::optional<Principal> proxied(const httplib::Request& req, std::uint64_t generation) const;
  std::vector<RoleGrant> role_map_;
  AuthProxy auth_proxy_;
  std::string proxy_csrf_key_;  // the board's secret behind proxied callers' CSRF tokens
  std::unique_ptr<oidc::Provider> oidc_;
  std::unique_ptr<StaticFiles> static_files_;  // when --web is set
  httplib::Server http_;
  outbound::AddressPolicy outbound_policy_;
  std::string unsubscribe_key_;
  // Sends the outbox (started with the app, stopped before the store goes).
  std::unique_ptr<outbound::Worker> outbox_;
  // Runs import jobs (declared after the store, so it stops before the store goes).
  std::unique_ptr<ImportJobs> imports_;
};

// Seeds the demo board and accounts on an empty database; returns the accounts' summary.
std::string seed_demo(store::Store& store, const std::string& now);
inline constexpr const char* kDemoPassword = "shipboard-demo";

}  // namespace shipboard::server
