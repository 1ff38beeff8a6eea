// Command line, environment and config-file parsing for shipboard-server.
#include "config.hpp"

#include <toml++/toml.h>

#include "http/auth_proxy.hpp"
#include "http/role_map.hpp"
#include "outbound/http_client.hpp"
#include "outbound/mail.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace shipboard::server {
namespace {

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string part;
  while (std::getline(ss, part, ',')) {
    part = trim(part);
    if (!part.empty()) out.push_back(part);
  }
  return out;
}

bool to_int(const std::string& v, int& out) {
  try {
    std::size_t used = 0;
    long n = std::stol(v, &used);
    if (used != v.size() || n < 0 || n > 1'000'000'000) return false;
    out = static_cast<int>(n);
    return true;
  } catch (...) {
    return false;
  }
}

// Applies one setting by its name (flag name without dashes, env name lower-cased).
std::string apply(Config& c, const std::string& key, const std::string& value) {
  auto integer = [&](int& field) -> std::string {
    return to_int(value, field) ? "" : key + " must be a non-negative integer";
  };
  // Plain text settings, by the flag's name (dashes) or the key's (underscores).
  static const std::pair<const char*, std::string Config::*> kText[] = {
      {"listen", &Config::listen},
      {"db", &Config::db},
      {"web", &Config::web},
      {"port_file", &Config::port_file},
      {"oidc_issuer", &Config::oidc_issuer},
      {"oidc_client_id", &Config::oidc_client_id},
      {"oidc_client_secret", &Config::oidc_client_secret},
      {"oidc_client_secret_file", &Config::oidc_client_secret_file},
      {"oidc_redirect_url", &Config::oidc_redirect_url},
      {"oidc_role_claim", &Config::oidc_role_claim},
      {"auth_proxy_header", &Config::auth_proxy_header},
      {"auth_proxy_email_header", &Config::auth_proxy_email_header},
      {"auth_proxy_name_header", &Config::auth_proxy_name_header},
      {"auth_proxy_groups_header", &Config::auth_proxy_groups_header},
      {"smtp_user", &Config::smtp_user},
      {"smtp_password_file", &Config::smtp_password_file}};
  std::string name = key;
  std::replace(name.begin(), name.end(), '-', '_');
  for (const auto& [text_key, field] : kText) {
    if (name == text_key) {
      c.*field = value;
      return "";
    }
  }
  if (key == "demo")
    c.demo = value.empty() || value == "1" || value == "true";
  else if (key == "embed-origins" || key == "embed_origins")
    c.embed_origins = split_list(value);
  else if (key == "threads")
    return integer(c.threads);
  else if (key == "max-threads" || key == "max_threads")
    return integer(c.max_threads);
  else if (key == "readers")
    return integer(c.readers);
  else if (key == "log-format" || key == "log_format") {
    if (value != "json" && value != "text" && value != "off")
      return "log-format must be json, text or off";
    c.log_format = value;
  } else if (key == "max-streams" || key == "max_streams")
    return integer(c.max_streams);
  else if (key == "max-streams-per-caller" || key == "max_streams_per_caller")
    return integer(c.max_streams_per_caller);
  else if (key == "max-streams-per-peer" || key == "max_streams_per_peer")
    return integer(c.max_streams_per_peer);
  else if (key == "synchronous") {
    if (value != "FULL" && value != "NORMAL" && value != "EXTRA")
      return "synchronous must be FULL, EXTRA or NORMAL";
    c.synchronous = value;
  } else if (key == "oidc-scopes" || key == "oidc_scopes") {
    if (value.find("openid") == std::string::npos) return "oidc-scopes must include openid";
    c.oidc_scopes = value;
  } else if (key == "oidc-role-map" || key == "oidc_role_map") {
    if (auto err = role_map_error(value); !err.empty()) return key + ": " + err;
    c.oidc_role_map = value;
  } else if (key == "local-sign-in" || key == "local_sign_in") {
    if (value != "on" && value != "off") return "local-sign-in must be on or off";
    c.local_sign_in = value == "on";
  } else if (key == "auth-proxy-trusted" || key == "auth_proxy_trusted") {
    c.auth_proxy_trusted = split_list(value);
    for (const auto& cidr : c.auth_proxy_trusted)
      if (!parse_cidr(cidr)) return "auth-proxy-trusted: " + cidr + " is not an address or CIDR";
  } else if (key == "metrics-listen" || key == "metrics_listen") {
    std::string host;
    int port = 0;
    if (!value.empty() && !split_listen(value, host, port))
      return "metrics-listen must be HOST:PORT, got " + value;
    c.metrics_listen = value;
  } else if (key == "outbound-allow" || key == "outbound_allow") {
    c.outbound_allow = split_list(value);
    for (const auto& cidr : c.outbound_allow)
      if (!parse_cidr(cidr)) return "outbound-allow: " + cidr + " is not an address or CIDR";
  } else if (key == "public-url" || key == "public_url") {
    if (!value.empty() && (value.rfind("https://", 0) != 0 && value.rfind("http://", 0) != 0))
      return "public-url must be the board's absolute URL (https://board.example.com)";
    c.public_url = value;
    while (!c.public_url.empty() && c.public_url.back() == '/') c.public_url.pop_back();
  } else if (key == "smtp-url" || key == "smtp_url") {
    if (!value.empty())
      if (auto why = outbound::check_smtp_url(value)) return "smtp-url " + *why;
    c.smtp_url = value;
  } else if (key == "smtp-from" || key == "smtp_from") {
    if (!value.empty() && !outbound::valid_from(value))
      return "smtp-from must be an address, or a name and an address: Shipboard "
             "<board@example.com>";
    c.smtp_from = value;
  } else if (key == "outbound-senders" || key == "outbound_senders") {
    if (auto e = integer(c.outbound_senders); !e.empty()) return e;
    if (c.outbound_senders < 1 || c.outbound_senders > 64) return key + " must be 1..64";
  } else if (key == "max-body-bytes" || key == "max_body_bytes") {
    int n = 0;
    if (!to_int(value, n)) return key + " must be a non-negative integer";
    c.max_body_bytes = static_cast<std::size_t>(n);
  } else {
    return "unknown setting: " + key;
  }
  return "";
}

// Every key of the config file (the flags' names with underscores, and SHIPBOARD_<KEY> in the
// environment) with the TOML type it takes.
enum class TomlType { integer, text, boolean, list, role_map };
struct Key {
  const char* name;
  TomlType type;
};
constexpr Key kKeys[] = {{"listen", TomlType::text},
                         {"db", TomlType::text},
                         {"web", TomlType::text},
                         {"demo", TomlType::boolean},
                         {"embed_origins", TomlType::list},
                         {"port_file", TomlType::text},
                         {"threads", TomlType::integer},
                         {"max_threads", TomlType::integer},
                         {"readers", TomlType::integer},
                         {"synchronous", TomlType::text},
                         {"max_body_bytes", TomlType::integer},
                         {"max_streams", TomlType::integer},
                         {"max_streams_per_caller", TomlType::integer},
                         {"max_streams_per_peer", TomlType::integer},
                         {"log_format", TomlType::text},
                         {"oidc_issuer", TomlType::text},
                         {"oidc_client_id", TomlType::text},
                         {"oidc_client_secret", TomlType::text},
                         {"oidc_client_secret_file", TomlType::text},
                         {"oidc_redirect_url", TomlType::text},
                         {"oidc_role_claim", TomlType::text},
                         {"oidc_scopes", TomlType::text},
                         {"oidc_role_map", TomlType::role_map},
                         {"local_sign_in", TomlType::boolean},
                         {"auth_proxy_header", TomlType::text},
                         {"auth_proxy_email_header", TomlType::text},
                         {"auth_proxy_name_header", TomlType::text},
                         {"auth_proxy_groups_header", TomlType::text},
                         {"auth_proxy_trusted", TomlType::list},
                         {"metrics_listen", TomlType::text},
                         {"outbound_allow", TomlType::list},
                         {"public_url", TomlType::text},
                         {"outbound_senders", TomlType::integer},
                         {"smtp_url", TomlType::text},
                         {"smtp_from", TomlType::text},
                         {"smtp_user", TomlType::text},
                         {"smtp_password_file", TomlType::text}};

const Key* find_key(const std::string& name) {
  for (const Key& k : kKeys)
    if (name == k.name) return &k;
  return nullptr;
}

// The config file is TOML (toml++, Debian's libtomlplusplus-dev): its keys are the flags'
// names with underscores (`max_threads = 1100`, `embed_origins = ["https://…"]`). Anything
// unknown, of the wrong type or out of range stops the start, naming the file, line and key.
std::string apply_toml_file(Config& c, const std::string& path) {
  toml::table table;
  try {
    table = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    const auto& at = e.source().begin;
    return path + ":" + std::to_string(at.line) + ": " + std::string(e.description());
  }
  for (auto&& [k, node] : table) {
    const std::string key(k.str());
    const std::string where = path + ":" + std::to_string(node.source().begin.line) + ": " + key;
    std::string value;
    const Key* known = find_key(key);
    if (!known) return where + ": unknown key (the keys are the flags' names with underscores)";
    const TomlType type = known->type;
    if (type == TomlType::integer) {
      auto v = node.value<std::int64_t>();
      if (!node.is_integer() || !v || *v < 0 || *v > 2'000'000'000)
        return where + " must be a non-negative integer";
      value = std::to_string(*v);
    } else if (type == TomlType::text) {
      if (!node.is_string()) return where + " must be a string (in quotes)";
      value = *node.value<std::string>();
    } else if (type == TomlType::boolean) {
      if (!node.is_boolean()) return where + " must be true or false";
      const bool on = *node.value<bool>();
      value = key == "local_sign_in" ? (on ? "on" : "off") : (on ? "1" : "0");
    } else if (type == TomlType::list) {
      const toml::array* list = node.as_array();
      if (!list)
        return where + (key == "embed_origins"
                            ? " must be a list of origins, [\"https://intranet.example.com\"]"
                            : " must be a list of addresses or CIDRs, [\"127.0.0.2/32\"]");
      for (const auto& entry : *list) {
        if (!entry.is_string()) return where + " must list strings";
        value += (value.empty() ? "" : ",") + *entry.value<std::string>();
      }
    } else {
      // TomlType::role_map: a table, role = "GROUP" or ["GROUP", ...], or the flag's
      // "role=GROUP,..." text.
      if (node.is_string()) {
        value = *node.value<std::string>();
      } else if (const toml::table* roles = node.as_table()) {
        for (auto&& [role, groups] : *roles) {
          auto add = [&](const toml::node& g) {
            if (!g.is_string()) return false;
            value += (value.empty() ? "" : ",") + std::string(role.str()) + "=" +
                     *g.value<std::string>();
            return true;
          };
          bool ok = groups.is_array() ? true : add(groups);
          if (const toml::array* list = groups.as_array())
            for (const auto& g : *list) ok = ok && add(g);
          if (!ok) return where + "." + std::string(role.str()) + " must be a group name or a list";
        }
      } else {
        return where + " must be a table, pm = \"GROUP\", or \"pm=GROUP,sales=GROUP\"";
      }
    }
    if (auto err = apply(c, key, value); !err.empty()) return where + ": " + err;
  }
  return "";
}

// Email settings that only make sense together; reads the password file.
std::string check_smtp(Config& c) {
  if (c.smtp_url.empty()) {
    if (!c.smtp_from.empty() || !c.smtp_user.empty() || !c.smtp_password_file.empty())
      return "--smtp-from, --smtp-user and --smtp-password-file need --smtp-url";
    return "";
  }
  if (c.smtp_from.empty()) return "--smtp-url needs --smtp-from (the address mail comes from)";
  if (c.public_url.empty())
    return "--smtp-url needs --public-url: every mail links to the board and carries a "
           "one-click unsubscribe link";
  if (!c.smtp_password_file.empty()) {
    if (c.smtp_user.empty()) return "--smtp-password-file needs --smtp-user";
    std::ifstream in(c.smtp_password_file);
    std::stringstream ss;
    if (!in || !(ss << in.rdbuf()))
      return "--smtp-password-file " + c.smtp_password_file + " cannot be read";
    c.smtp_password = trim(ss.str());
    if (c.smtp_password.empty())
      return "--smtp-password-file " + c.smtp_password_file + " is empty";
  }
  return "";
}

// Company sign-in and proxy settings that only make sense together; reads the secret file.
std::string check_sign_in(Config& c) {
  if (!c.oidc_client_secret_file.empty()) {
    std::ifstream in(c.oidc_client_secret_file);
    std::stringstream ss;
    if (!in || !(ss << in.rdbuf()))
      return "--oidc-client-secret-file " + c.oidc_client_secret_file + " cannot be read";
    c.oidc_client_secret = trim(ss.str());
    if (c.oidc_client_secret.empty())
      return "--oidc-client-secret-file " + c.oidc_client_secret_file + " is empty";
  }
  if (c.oidc_enabled()) {
    std::string scheme, host;
    if (!outbound::scheme_host(c.oidc_issuer, scheme, host) ||
        !(scheme == "https" || (scheme == "http" && is_loopback_host(host))))
      return "--oidc-issuer must be an https:// URL (http:// only for a loopback issuer), got " +
             c.oidc_issuer;
    if (c.oidc_client_id.empty()) return "--oidc-issuer needs --oidc-client-id";
    if (!outbound::scheme_host(c.oidc_redirect_url, scheme, host) ||
        c.oidc_redirect_url.find("/auth/oidc/callback") == std::string::npos)
      return "--oidc-issuer needs --oidc-redirect-url, the public URL of /auth/oidc/callback";
    if (c.oidc_role_claim.empty()) return "--oidc-role-claim must name a claim";
  }
  if ((c.oidc_enabled() || !c.auth_proxy_groups_header.empty()) && c.oidc_role_map.empty())
    return "--oidc-role-map is needed with --oidc-issuer or --auth-proxy-groups-header "
           "(pm=GROUP,sales=GROUP,support=GROUP,viewer=GROUP,admin=GROUP)";
  if (!c.auth_proxy_header.empty() && c.auth_proxy_trusted.empty())
    return "--auth-proxy-header needs --auth-proxy-trusted CIDR,... (the proxies' addresses)";
  if (c.auth_proxy_header.empty() &&
      (!c.auth_proxy_email_header.empty() || !c.auth_proxy_name_header.empty() ||
       !c.auth_proxy_groups_header.empty()))
    return "--auth-proxy-email-header, -name-header and -groups-header need --auth-proxy-header";
  if (!c.local_sign_in && !c.oidc_enabled() && c.auth_proxy_header.empty())
    return "--local-sign-in off needs --oidc-issuer or --auth-proxy-header, or nobody can sign in";
  return "";
}

}  // namespace

std::string usage() {
  return "usage: shipboard-server [--listen HOST:PORT] [--db PATH] [--web DIR] [--demo]\n"
         "                        [--embed-origins ORIGIN,...] [--config FILE] [--threads N]\n"
         "                        [--max-threads N] [--readers N] [--synchronous FULL|NORMAL]\n"
         "                        [--max-streams N] [--max-streams-per-caller N]\n"
         "                        [--max-streams-per-peer N] [--log-format json|text|off]\n"
         "                        [--oidc-issuer URL --oidc-client-id ID "
         "--oidc-client-secret[-file]\n"
         "                         S|FILE --oidc-redirect-url URL --oidc-role-map ROLE=GROUP,...\n"
         "                         --oidc-role-claim CLAIM] [--local-sign-in on|off]\n"
         "                        [--auth-proxy-header NAME --auth-proxy-trusted CIDR,...\n"
         "                         --auth-proxy-email-header NAME --auth-proxy-name-header NAME\n"
         "                         --auth-proxy-groups-header NAME] [--metrics-listen HOST:PORT]\n"
         "                        [--public-url URL] [--outbound-allow CIDR,...]\n"
         "                        [--outbound-senders N] [--smtp-url smtp[s]://HOST:PORT\n"
         "                         --smtp-from ADDRESS [--smtp-user NAME\n"
         "                         --smtp-password-file FILE]]\n"
         "       shipboard-server generate --db PATH [--items N] [--requests N] [--questions N]\n"
         "                        [--customers N] [--seed N]\n"
         "       shipboard-server backup --db PATH --to FILE   (online, while serving)\n"
         "       shipboard-server import --customers|--requests|--items FILE [--dry-run]\n"
         "                        [--db PATH] [--encoding auto|utf-8|gb18030|big5]\n"
         "                        [--mapping SOURCE]   (CRM CSV; exit 1 when rows are refused)\n"
         "Each flag is also SHIPBOARD_<NAME> in the environment and a key of the TOML config file\n"
         "file. Defaults: --listen 127.0.0.1:8080 --db ./data/shipboard.db\n";
}

ParsedArgs parse_args(int argc, char** argv) {
  ParsedArgs out;
  Config c;
  std::vector<std::pair<std::string, std::string>> flags;
  std::string config_file;
  int i = 1;
  if (argc > 1 && argv[1][0] != '-') {
    out.command = argv[1];
    i = 2;
  }
  for (; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-h" || a == "--help") {
      out.help = true;
      return out;
    }
    if (a.rfind("--", 0) != 0) {
      out.rest.push_back(a);
      continue;
    }
    std::string key = a.substr(2), value;
    if (auto eq = key.find('='); eq != std::string::npos) {
      value = key.substr(eq + 1);
      key = key.substr(0, eq);
    } else if (key == "demo" || (out.command == "import" && key == "dry-run")) {
      value = "1";
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      out.error = "--" + key + " needs a value";
      return out;
    }
    if (key == "config")
      config_file = value;
    else
      flags.emplace_back(key, value);
  }
  if (!config_file.empty()) {
    if (auto err = apply_toml_file(c, config_file); !err.empty()) {
      out.error = err;
      return out;
    }
  }
  for (const auto& [key, type] : kKeys) {
    std::string env = "SHIPBOARD_";
    for (const char* p = key; *p; ++p) env += static_cast<char>(std::toupper(*p));
    if (const char* v = std::getenv(env.c_str())) {
      if (auto err = apply(c, key, v); !err.empty()) {
        out.error = env + ": " + err;
        return out;
      }
    }
  }
  for (const auto& [k, v] : flags) {
    if (out.command == "generate" &&
        (k == "items" || k == "requests" || k == "questions" || k == "customers" || k == "seed")) {
      out.rest.push_back("--" + k);
      out.rest.push_back(v);
      continue;
    }
    if (out.command == "import" && (k == "customers" || k == "requests" || k == "items" ||
                                     k == "dry-run" || k == "encoding" || k == "mapping")) {
      out.rest.push_back("--" + k);
      out.rest.push_back(v);
      continue;
    }
    if (out.command == "backup" && k == "to") {
      out.rest.push_back(v);
      continue;
    }
    if (auto err = apply(c, k, v); !err.empty()) {
      out.error = err;
      return out;
    }
  }
  std::string host;
  int port = 0;
  if (!split_listen(c.listen, host, port)) {
    out.error = "--listen must be HOST:PORT, got " + c.listen;
    return out;
  }
  if (c.threads < 1 || c.readers < 1 || c.max_threads < c.threads) {
    out.error = "--threads and --readers must be at least 1, --max-threads at least --threads";
    return out;
  }
  // Requests must keep at least 16 workers however many streams are open.
  c.max_streams = stream_budget(c);
  if (c.max_streams < 1 || c.max_streams_per_caller < 1 || c.max_streams_per_peer < 1 ||
      c.max_streams > c.max_threads - 16) {
    out.error =
        "--max-streams, --max-streams-per-caller and --max-streams-per-peer must be at "
        "least 1, and --max-streams at most --max-threads - 16 (" +
        std::to_string(c.max_threads - 16) + "), so requests always have workers";
    return out;
  }
  if (auto err = check_sign_in(c); !err.empty()) {
    out.error = err;
    return out;
  }
  if (auto err = check_smtp(c); !err.empty()) {
    out.error = err;
    return out;
  }
  out.config = c;
  return out;
}

int stream_budget(const Config& c) {
  if (c.max_streams > 0) return c.max_streams;
  return std::max(1, c.max_threads - std::max(16, c.max_threads / 10));
}

bool split_listen(const std::string& listen, std::string& host, int& port) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  return to_int(listen.substr(colon + 1), port) && port <= 65535;
}

bool is_loopback_host(const std::string& host) {
  return host == "127.0.0.1" || host == "::1" || host == "localhost" || host.rfind("127.", 0) == 0;
}

}  // namespace shipboard::server
