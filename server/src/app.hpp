// The Shipboard HTTP application: one httplib::Server with every route, the store, the event
// hub and the configuration. Route files register themselves through register_*_routes.
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
#include "event_feed.hpp"
#include "response_cache.hpp"
#include "static_gzip.hpp"
#include "shipboard/codec.hpp"
#include "shipboard/model.hpp"
#include "shipboard/permissions.hpp"
#include "store/store.hpp"
#include "throttle.hpp"

namespace shipboard::server {

// Who is calling. Resolved once per request from the session cookie, a bearer token or an
// embed token.
struct Principal {
  enum class Kind { anonymous, session, bearer, embed } kind = Kind::anonymous;
  User user;                    // for session and bearer
  Role role = Role::viewer;     // effective role
  std::string csrf_token;       // for session
  std::string embed_scope;      // for embed: "board" or "area:<name>"
  bool signed_in() const { return kind == Kind::session || kind == Kind::bearer; }
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

  // Current time as RFC 3339 UTC ("2026-11-28T05:11:09Z"), and shifted by seconds.
  static std::string now(std::int64_t plus_seconds = 0);

  Principal principal(const httplib::Request& req) const;
  // Guards: write the 401/403 problem and return false when the caller may not proceed.
  bool require_signed_in(const Principal& p, httplib::Response& res) const;
  bool require_role(const Principal& p, httplib::Response& res,
                    std::initializer_list<Role> roles) const;
  // The permission table (shipboard/permissions.hpp): 401 when nobody is signed in (and no
  // embed token allows the action), 403 when the role or token may not.
  bool require(const Principal& p, Action action, httplib::Response& res) const;
  // require() plus the CSRF check, for changes.
  bool require_change(const httplib::Request& req, const Principal& p, Action action,
                      httplib::Response& res) const;
  // Cookie-authenticated changes must carry X-CSRF-Token.
  bool check_csrf(const httplib::Request& req, const Principal& p, httplib::Response& res) const;

 private:
  void install_middleware();
  void install_static();
  Config config_;
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
  std::unique_ptr<StaticGzip> static_gzip_;  // when --web is set
  httplib::Server http_;
};

void register_session_routes(App& app);
void register_item_routes(App& app);
void register_event_routes(App& app);
void register_catalog_routes(App& app);
void register_board_routes(App& app);    // questions, told, inbox, search  // releases, customers, answer library, users, tokens
void register_openapi_routes(App& app);  // [docs] GET /api/v1/openapi.json (routes_openapi.cpp)
void register_embed_routes(App& app);    // [embed] /embed/*, /badge/items/{id}.svg (routes_embed.cpp)

// Seeds the demo board and accounts on an empty database; returns the accounts' summary.
std::string seed_demo(store::Store& store, const std::string& now);
inline constexpr const char* kDemoPassword = "shipboard-demo";

}  // namespace shipboard::server
