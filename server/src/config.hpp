// Server configuration: every tunable in one place, named and documented, with defaults.
// Sources, later ones winning: built-in defaults, a config file (--config FILE, key = value
// lines), SHIPBOARD_<NAME> environment variables, command-line flags.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace shipboard::server {

struct Config {
  std::string listen = "127.0.0.1:8080";  // HOST:PORT; port 0 picks a free one
  std::string db = "./data/shipboard.db";
  std::string web;                         // directory of the built client; empty: API only
  bool demo = false;                       // seed a demo board (loopback only)
  std::vector<std::string> embed_origins;  // sites allowed to frame embeds
  std::string port_file;                   // write the bound port here (tests)

  // Limits and pools (docs/operations.md explains each).
  std::size_t max_body_bytes = 1 << 20;  // 413 above this
  int list_limit_default = 50;
  int list_limit_max = 500;
  int threads = 64;        // base worker threads (one per keep-alive connection)
  int max_threads = 1100;  // upper bound: open SSE streams each hold one
  // Event streams have their own budget within max_threads, so requests always keep workers
  // (http/stream_budget.hpp): all streams, per caller (session or token), per peer address.
  int max_streams = 0;  // 0: max_threads less a tenth (at least 16) kept for requests
  int max_streams_per_caller = 8;
  int max_streams_per_peer = 256;
  int readers = 4;          // SQLite reader connections
  int read_timeout_s = 10;  // per request read
  int write_timeout_s = 10;
  int keep_alive_max = 1000;
  int sse_heartbeat_s = 15;
  int session_hours = 24 * 14;
  std::string log_format = "text";   // one line per request: json | text | off
  std::string synchronous = "FULL";  // SQLite durability; see docs/operations.md

  // [sign-in] Company sign-in with OpenID Connect (routes/oidc.cpp); off while oidc_issuer is
  // empty. The secret comes from oidc_client_secret or, read at start, oidc_client_secret_file.
  std::string oidc_issuer;
  std::string oidc_client_id;
  std::string oidc_client_secret;
  std::string oidc_client_secret_file;
  std::string oidc_redirect_url;
  std::string oidc_role_claim = "groups";
  std::string oidc_scopes = "openid profile email";  // add the scope your provider's groups need
  // "pm=GROUP,sales=GROUP,support=GROUP,viewer=GROUP,admin=GROUP" (a role may repeat); used
  // for OpenID claims and for the proxy's groups header alike (http/role_map.hpp).
  std::string oidc_role_map;
  bool local_sign_in = true;  // login + password; off leaves company sign-in and API tokens
  // Trusted reverse-proxy headers (http/auth_proxy.hpp): believed only from these CIDRs.
  std::string auth_proxy_header;  // the login, e.g. X-Forwarded-User; empty: off
  std::string auth_proxy_email_header;
  std::string auth_proxy_name_header;
  std::string auth_proxy_groups_header;
  std::vector<std::string> auth_proxy_trusted;
  // GET /metrics without a token on a separate HOST:PORT (empty: only for admin API tokens).
  std::string metrics_listen;
  // The outbox: addresses webhooks may reach although internal (CIDR list), the board's own
  // URL for links in messages, and how many deliveries are sent at once.
  std::vector<std::string> outbound_allow;
  std::string public_url;
  int outbound_senders = 32;
  // Email through SMTP (empty smtp_url: no email): smtp://host:port (STARTTLS) or smtps://;
  // the From address; a login and the file holding its password (read at start).
  std::string smtp_url;
  std::string smtp_from;
  std::string smtp_user;
  std::string smtp_password_file;
  std::string smtp_password;  // read from smtp_password_file

  bool oidc_enabled() const { return !oidc_issuer.empty(); }
};

struct ParsedArgs {
  std::optional<Config> config;
  std::string command;  // "" (serve), "generate", "backup"
  std::vector<std::string> rest;
  std::string error;  // set when the arguments are wrong
  bool help = false;
};

// argv/env/config-file parsing; `env` is a lookup so tests can inject variables.
ParsedArgs parse_args(int argc, char** argv);
std::string usage();
// --max-streams, or when it is 0 (not set) --max-threads less a tenth (at least 16).
int stream_budget(const Config& c);

// Splits "HOST:PORT" or "[v6]:PORT"; false when malformed.
bool split_listen(const std::string& listen, std::string& host, int& port);
bool is_loopback_host(const std::string& host);

}  // namespace shipboard::server
