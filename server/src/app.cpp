// The HTTP application: server settings and limits, security headers, static files, caller
// resolution and guards. Routes live in routes_*.cpp.
#include "app.hpp"

#include <ctime>

#include "http/auth.hpp"
#include "http/exchange.hpp"
#include "http/request_guard.hpp"
#include "import/csv.hpp"
#include "routes/route.hpp"

namespace shipboard::server {

// [SECTION] event hub ---------------------------------------------------------------------
void EventHub::notify() {
  {
    std::lock_guard lock(mutex_);
    ++generation_;
  }
  cv_.notify_all();
}

std::uint64_t EventHub::wait(std::uint64_t seen, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  cv_.wait_for(lock, timeout, [&] { return generation_.load() != seen || stopping_.load(); });
  return generation_.load();
}

void EventHub::stop() {
  stopping_ = true;
  cv_.notify_all();
}

// [SECTION] application -------------------------------------------------------------------
namespace {

const char* const kSessionCookie = "shipboard_session";

}  // namespace

App::App(Config config, std::unique_ptr<store::Store> store)
    : config_(std::move(config)),
      embed_policy_(make_embed_policy(config_)),
      streams_(StreamLimits{stream_budget(config_), config_.max_streams_per_caller,
                            config_.max_streams_per_peer}),
      request_log_(config_.log_format),
      store_(std::move(store)),
      role_map_(parse_role_map(config_.oidc_role_map).value_or(std::vector<RoleGrant>{})),
      auth_proxy_(config_),
      proxy_csrf_key_(auth_proxy_.enabled() ? store_->board_secret("proxy_csrf") : "") {
  {
    outbound::WorkerOptions o;
    o.senders = config_.outbound_senders;
    o.public_url = config_.public_url;
    for (const auto& block : config_.outbound_allow)  // checked when the config was read
      if (auto cidr = parse_cidr(block)) outbound_policy_.allow.push_back(*cidr);
    o.guard = outbound_policy_;
    if (!config_.smtp_url.empty()) {
      outbound::SmtpSettings smtp;
      smtp.url = config_.smtp_url;
      smtp.from = config_.smtp_from;
      smtp.user = config_.smtp_user;
      smtp.password = config_.smtp_password;
      o.smtp = smtp;
    }
    unsubscribe_key_ = store_->board_secret("unsubscribe");
    o.unsubscribe_key = unsubscribe_key_;
    store_->set_outbox_options(store::OutboxOptions{o.smtp.has_value()});
    outbox_ = std::make_unique<outbound::Worker>(*store_, std::move(o));
  }
  store_->set_on_write([this] {
    hub_.notify();
    outbox_->wake();
  });
  store_->set_write_observer([this](double seconds) { metrics_.observe_db_write(seconds); });
  if (config_.oidc_enabled()) oidc_ = std::make_unique<oidc::Provider>(config_);
  std::size_t base = static_cast<std::size_t>(config_.threads);
  std::size_t max = static_cast<std::size_t>(config_.max_threads);
  http_.new_task_queue = [base, max] { return new httplib::ThreadPool(base, max); };
  // [import] CSV uploads (POST /api/v1/imports) may be up to 32 MiB; every other route is held
  // to --max-body-bytes before routing (Content-Length) and in mount_routes (chunked).
  http_.set_payload_max_length(std::max(config_.max_body_bytes, csv::kMaxImportBytes));
  imports_ = std::make_unique<ImportJobs>(*store_, [] { return App::now(); });
  http_.set_read_timeout(config_.read_timeout_s, 0);
  http_.set_write_timeout(config_.write_timeout_s, 0);
  http_.set_keep_alive_max_count(config_.keep_alive_max);
  // Headers and a streamed body go out as separate writes; with Nagle's algorithm the body's
  // last segment would wait for the client's delayed ACK (~40 ms per response).
  http_.set_tcp_nodelay(true);
  install_middleware();
  mount_routes(*this);
  install_static();
}

App::~App() {
  stop();
}

void App::install_middleware() {
  http_.set_post_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    // Routes set their X-Request-Id (routes/route.cpp); static files and errors get one here.
    if (!res.has_header("X-Request-Id")) res.set_header("X-Request-Id", request_id_for(req));
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "same-origin");
    // [embed] Embed pages and badges set their own CSP (frame-ancestors 'self' plus
    // --embed-origins); it is kept. Every other response gets frame-ancestors 'self'.
    if (!res.has_header("Content-Security-Policy")) {
      res.set_header("Content-Security-Policy",
                     "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
                     "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
                     "connect-src 'self'; base-uri 'none'; object-src 'none'; "
                     "frame-ancestors 'self'");
    }
    if (req.path.rfind("/api/", 0) == 0 && !res.has_header("Cache-Control"))
      res.set_header("Cache-Control", "no-store");
  });
  // [hardening] Before routing (and before any body is read): a body announced larger than
  // --max-body-bytes is 413 at once (request_guard.hpp); then gzip-compressed static files.
  http_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    const bool upload = req.method == "POST" && req.path == "/api/v1/imports";
    if (reject_oversized_body(req, res, upload ? csv::kMaxImportBytes : config_.max_body_bytes))
      return httplib::Server::HandlerResponse::Handled;
    return static_files_ && static_files_->serve(req, res)
               ? httplib::Server::HandlerResponse::Handled
               : httplib::Server::HandlerResponse::Unhandled;
  });
  // Routes log themselves with their template, time and caller; everything else (static files,
  // unknown paths) is logged here with its path.
  http_.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    if (!req.matched_route.empty()) return;
    std::string path = req.path.substr(0, 200);
    for (auto& ch : path)
      if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) ch = '?';
    std::string id = res.get_header_value("X-Request-Id");
    request_log_.write({id.empty() ? request_id_for(req) : id, req.method, path, res.status,
                        std::nullopt, std::nullopt});
  });
  http_.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    switch (res.status) {
      case 404:
        problem(res, 404, "Not Found", "no such resource");
        break;
      case 405:
        problem(res, 405, "Method Not Allowed");
        break;
      case 413:
        problem(res, 413, "Content Too Large", "the body is larger than allowed");
        break;
      case 414:
        problem(res, 414, "URI Too Long");
        break;
      case 431:
        problem(res, 431, "Request Header Fields Too Large");
        break;
      default:
        if (res.status >= 400 && res.status < 500) problem(res, res.status, "Bad Request");
        break;
    }
  });
  http_.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown";
        try {
          std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        fprintf(stderr, "shipboard-server: internal error: %s\n", what.c_str());
        problem(res, 500, "Internal Server Error", "the server failed; this is a bug");
      });
}

void App::install_static() {
  if (config_.web.empty()) return;
  http_.set_file_extension_and_mimetype_mapping("wasm", "application/wasm");
  http_.set_file_extension_and_mimetype_mapping("js", "text/javascript; charset=utf-8");
  http_.set_file_extension_and_mimetype_mapping("html", "text/html; charset=utf-8");
  http_.set_file_extension_and_mimetype_mapping("css", "text/css; charset=utf-8");
  if (!http_.set_mount_point("/", config_.web)) {
    fprintf(stderr, "shipboard-server: --web %s is not a directory\n", config_.web.c_str());
  }
  // Compressible files go out gzip-compressed once per file version (http/static_files.hpp); the
  // mount point serves the rest and clients that do not accept gzip.
  static_files_ = std::make_unique<StaticFiles>(config_.web);
  // (served from the pre-routing handler installed in install_middleware)
  http_.set_file_request_handler([](const httplib::Request& req, httplib::Response& res) {
    // index.html must be revalidated; built assets are cheap to revalidate too until they
    // carry hashed names (see docs/performance.md).
    (void)req;
    res.set_header("Cache-Control", "no-cache");
  });
}

int App::bind() {
  std::string host;
  int port = 0;
  split_listen(config_.listen, host, port);
  if (port == 0) return http_.bind_to_any_port(host);
  return http_.bind_to_port(host, port) ? port : -1;
}

bool App::listen() {
  outbox_->start();
  return http_.listen_after_bind();
}

void App::stop() {
  hub_.stop();
  if (outbox_) outbox_->stop();
  if (http_.is_running()) http_.stop();
}

std::string App::now(std::int64_t plus_seconds) {
  std::time_t t = std::time(nullptr) + plus_seconds;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::optional<Principal> App::cached_principal(const std::string& key,
                                               std::uint64_t generation) const {
  std::lock_guard lock(principals_mutex_);
  auto it = principals_.find(key);
  if (it == principals_.end() || it->second.generation != generation ||
      std::chrono::steady_clock::now() - it->second.built > std::chrono::seconds(1))
    return std::nullopt;
  return it->second.principal;
}

void App::keep_principal(const std::string& key, std::uint64_t generation,
                         const Principal& p) const {
  std::lock_guard lock(principals_mutex_);
  if (principals_.size() >= 4096) principals_.clear();
  principals_[key] = CachedPrincipal{p, generation, std::chrono::steady_clock::now()};
}

std::optional<Principal> App::proxied(const httplib::Request& req, std::uint64_t generation) const {
  auto reading = auth_proxy_.read(req);
  switch (reading.outcome) {
    case AuthProxy::Outcome::absent:
      return std::nullopt;
    case AuthProxy::Outcome::ignored:
      metrics_.proxy_header_ignored();
      return std::nullopt;
    case AuthProxy::Outcome::invalid:
      return Principal{};  // a trusted proxy sent no usable login: anonymous, not the cookie
    case AuthProxy::Outcome::identity:
      break;
  }
  const ProxyIdentity& id = reading.identity;
  std::string groups;
  if (id.groups)
    for (const auto& g : *id.groups) groups += g + "\n";
  const std::string key =
      "p" + auth::secret_hash(id.login + '\0' + id.email + '\0' + id.name + '\0' + groups);
  if (auto hit = cached_principal(key, generation)) return *hit;
  store::ExternalIdentity ext;
  ext.issuer = "auth-proxy";
  ext.subject = id.login;
  ext.login = id.login;
  ext.name = id.name;
  ext.email = id.email;
  ext.match_login = true;
  if (id.groups) {
    ext.role = role_for_groups(role_map_, *id.groups);
    if (!ext.role) return Principal{};  // in no mapped group: no role here
  }
  auto r = store_->sign_in_identity(ext, now());
  if (r.outcome != store::Outcome::ok) return Principal{};
  Principal p;
  p.kind = Principal::Kind::proxy;
  p.user = *r.value;
  p.role = p.user.role;
  p.csrf_token = auth::keyed_token(proxy_csrf_key_, "csrf:" + std::to_string(p.user.id));
  p.credential = key;
  keep_principal(key, hub_.generation(), p);
  return p;
}

Principal App::principal(const httplib::Request& req) const {
  Principal p;
  // Read before the store is: a write meanwhile makes what is kept stale at once.
  const std::uint64_t generation = hub_.generation();
  // [hardening] Any Bearer header (any letter case, even with an empty token) is a bearer
  // attempt: a bad one is 401 and never falls back to the cookie (request_guard.hpp).
  if (auto secret = bearer_token(req)) {
    const std::string key = "b" + auth::secret_hash(*secret);
    if (auto hit = cached_principal(key, generation)) return *hit;
    if (auto t = store_->api_token(key.substr(1))) {
      p.kind = Principal::Kind::bearer;
      p.user = t->user;
      p.role = t->role;
      p.credential = key;
      keep_principal(key, generation, p);
    }
    return p;  // a bad bearer token never falls back to the cookie
  }
  // [sign-in] A trusted proxy's login header comes before the cookie; from an untrusted peer it
  // is ignored, counted, and the request resolved as if it had none.
  if (auto p = proxied(req, generation)) return *p;
  if (auto c = cookie_value(req, kSessionCookie); !c.empty() && c.size() < 200) {
    const std::string key = "s" + auth::secret_hash(c);
    if (auto hit = cached_principal(key, generation)) return *hit;
    if (auto s = store_->session(key.substr(1), now())) {
      p.kind = Principal::Kind::session;
      p.user = s->user;
      p.role = s->user.role;
      p.csrf_token = s->csrf_token;
      p.credential = key;
      keep_principal(key, generation, p);
      return p;
    }
  }
  std::string embed = req.has_param("token") ? req.get_param_value("token")
                                             : req.get_header_value("X-Shipboard-Embed-Token");
  if (!embed.empty() && embed.size() < 200) {
    const std::string key = "e" + auth::secret_hash(embed);
    if (auto hit = cached_principal(key, generation)) return *hit;
    auto stored = store_->embed_token_scope(key.substr(1));
    // A scope that does not parse grants nothing (it cannot widen to the whole board).
    if (auto scope = stored ? parse_embed_scope(*stored) : std::nullopt) {
      p.kind = Principal::Kind::embed;
      p.role = Role::viewer;
      p.embed_scope = *scope;
      p.credential = key;
      keep_principal(key, generation, p);
    }
  }
  return p;
}

}  // namespace shipboard::server
