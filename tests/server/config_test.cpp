// The config file is TOML (toml++): values land in the Config with the flags' rules, and an
// unknown key, a wrong type, a bad value or broken TOML stops the start naming file, line, key.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "config.hpp"
#include "http/auth_proxy.hpp"
#include "http/role_map.hpp"

using namespace shipboard::server;

namespace {

// parse_args for `--config FILE` holding `text`, plus extra flags.
ParsedArgs with_config(const std::string& text, std::vector<std::string> flags = {}) {
  static int n = 0;
  auto path =
      std::filesystem::temp_directory_path() /
      ("shipboard-config-test-" + std::to_string(::getpid()) + "-" + std::to_string(++n) + ".toml");
  std::ofstream(path) << text;
  std::vector<std::string> args = {"shipboard-server", "--config", path.string()};
  args.insert(args.end(), flags.begin(), flags.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  auto out = parse_args(static_cast<int>(argv.size()), argv.data());
  std::filesystem::remove(path);
  return out;
}

}  // namespace

TEST_CASE("config file: TOML keys, types and the flags' rules", "[config]") {
  auto ok = with_config(R"(# Shipboard
listen = "127.0.0.1:9090"
db = "/var/lib/shipboard/board.db"
threads = 32
max_threads = 500
embed_origins = ["https://intranet.example.com", "https://wiki.example.com"]
log_format = "json"
demo = false
)");
  REQUIRE(ok.error.empty());
  REQUIRE(ok.config);
  CHECK(ok.config->listen == "127.0.0.1:9090");
  CHECK(ok.config->db == "/var/lib/shipboard/board.db");
  CHECK(ok.config->threads == 32);
  CHECK(ok.config->max_threads == 500);
  CHECK(ok.config->embed_origins.size() == 2);
  CHECK(ok.config->log_format == "json");
  CHECK_FALSE(ok.config->demo);
  // A flag wins over the file.
  auto flag = with_config("threads = 32\n", {"--threads", "48"});
  REQUIRE(flag.config);
  CHECK(flag.config->threads == 48);

  auto unknown = with_config("listen = \"127.0.0.1:9090\"\n\nmax_thread = 10\n");
  CHECK_FALSE(unknown.config);
  CHECK(unknown.error.find(":3: max_thread") != std::string::npos);
  CHECK(unknown.error.find("unknown key") != std::string::npos);

  auto type = with_config("threads = \"many\"\n");
  CHECK_FALSE(type.config);
  CHECK(type.error.find(":1: threads must be a non-negative integer") != std::string::npos);

  auto unquoted = with_config("listen = 127.0.0.1:8080\n");  // the old `name = value` style
  CHECK_FALSE(unquoted.config);
  CHECK(unquoted.error.find(":1:") != std::string::npos);

  auto bad = with_config("log_format = \"xml\"\n");
  CHECK_FALSE(bad.config);
  CHECK(bad.error.find("log_format") != std::string::npos);
  CHECK(bad.error.find("json, text or off") != std::string::npos);

  auto origins = with_config("embed_origins = \"https://intranet.example.com\"\n");
  CHECK_FALSE(origins.config);
  CHECK(origins.error.find("must be a list") != std::string::npos);
}

TEST_CASE("config: company sign-in and proxy settings are checked together", "[config]") {
  auto ok = with_config(R"(oidc_issuer = "https://login.example.com/realms/co"
oidc_client_id = "shipboard"
oidc_client_secret = "s"
oidc_redirect_url = "https://board.example.com/auth/oidc/callback"
local_sign_in = false
[oidc_role_map]
pm = "shipboard-pm"
sales = ["sales-tw", "sales-cn"]
)");
  INFO(ok.error);
  REQUIRE(ok.config);
  CHECK(ok.config->oidc_role_map == "pm=shipboard-pm,sales=sales-tw,sales=sales-cn");
  CHECK_FALSE(ok.config->local_sign_in);
  auto map = parse_role_map(ok.config->oidc_role_map);
  REQUIRE(map);
  CHECK(role_for_groups(*map, {"sales-cn", "shipboard-pm"}) == shipboard::Role::pm);
  CHECK(role_for_groups(*map, {"sales-cn"}) == shipboard::Role::sales);
  CHECK_FALSE(role_for_groups(*map, {"finance"}));

  const std::string base =
      "oidc_client_id = \"c\"\noidc_redirect_url = \"https://b.example.com/auth/oidc/callback\"\n"
      "oidc_role_map = \"pm=x\"\n";
  auto plain_http = with_config(base + "oidc_issuer = \"http://login.example.com\"\n");
  CHECK(plain_http.error.find("https://") != std::string::npos);
  CHECK(with_config(base + "oidc_issuer = \"http://127.0.0.1:9000\"\n").config);
  auto no_client =
      with_config("oidc_issuer = \"https://l.example.com\"\noidc_role_map = \"pm=x\"\n");
  CHECK(no_client.error.find("--oidc-client-id") != std::string::npos);
  auto bad_role = with_config(base + "oidc_issuer = \"https://l.example.com\"\n",
                              {"--oidc-role-map", "boss=x"});
  CHECK(bad_role.error.find("\"boss\" is not a role") != std::string::npos);
  auto no_map =
      with_config("", {"--oidc-issuer", "https://l.example.com", "--oidc-client-id", "c",
                       "--oidc-redirect-url", "https://b.example.com/auth/oidc/callback"});
  CHECK(no_map.error.find("--oidc-role-map is needed") != std::string::npos);

  auto untrusted = with_config("auth_proxy_header = \"X-Forwarded-User\"\n");
  CHECK(untrusted.error.find("--auth-proxy-trusted") != std::string::npos);
  auto bad_cidr =
      with_config("", {"--auth-proxy-header", "X-User", "--auth-proxy-trusted", "10.0.0.0/33"});
  CHECK(bad_cidr.error.find("10.0.0.0/33") != std::string::npos);
  CHECK(with_config("auth_proxy_header = \"X-User\"\nauth_proxy_trusted = [\"10.0.0.0/8\", "
                    "\"::1\"]\n")
            .config);
  auto nobody = with_config("", {"--local-sign-in", "off"});
  CHECK(nobody.error.find("nobody can sign in") != std::string::npos);
  auto metrics = with_config("metrics_listen = \"nowhere\"\n");
  CHECK(metrics.error.find("metrics-listen must be HOST:PORT") != std::string::npos);
}

TEST_CASE("auth proxy: trusted addresses and blocks", "[config]") {
  auto block = parse_cidr("127.0.0.2/32");
  REQUIRE(block);
  CHECK(cidr_contains(*block, "127.0.0.2"));
  CHECK(cidr_contains(*block, "::ffff:127.0.0.2"));  // as a dual-stack socket reports it
  CHECK_FALSE(cidr_contains(*block, "127.0.0.3"));
  auto net = parse_cidr("10.1.0.0/20");
  REQUIRE(net);
  CHECK(cidr_contains(*net, "10.1.15.255"));
  CHECK_FALSE(cidr_contains(*net, "10.1.16.0"));
  auto v6 = parse_cidr("fd00::/8");
  REQUIRE(v6);
  CHECK(cidr_contains(*v6, "fd12::1"));
  CHECK_FALSE(cidr_contains(*v6, "10.1.0.1"));
  CHECK_FALSE(parse_cidr("10.0.0.0/"));
  CHECK_FALSE(parse_cidr("example.com"));
  CHECK_FALSE(parse_cidr("::1/129"));
}

TEST_CASE("config: email settings are checked together and the password is read from its file",
          "[config]") {
  auto password = std::filesystem::temp_directory_path() /
                  ("shipboard-smtp-password-" + std::to_string(::getpid()));
  std::ofstream(password) << "  s3cret\n";
  auto ok = with_config(
      "smtp_url = \"smtps://mail.example.com:465\"\n"
      "smtp_from = \"Shipboard <board@example.com>\"\n"
      "smtp_user = \"board\"\n"
      "public_url = \"https://board.example.com/\"\n",
      {"--smtp-password-file", password.string()});
  INFO(ok.error);
  REQUIRE(ok.config);
  CHECK(ok.config->smtp_url == "smtps://mail.example.com:465");
  CHECK(ok.config->smtp_password == "s3cret");
  CHECK(ok.config->public_url == "https://board.example.com");

  auto no_from = with_config("", {"--smtp-url", "smtp://mail.example.com:587", "--public-url",
                                  "https://board.example.com"});
  CHECK(no_from.error.find("--smtp-from") != std::string::npos);
  auto no_link = with_config(
      "", {"--smtp-url", "smtp://mail.example.com:587", "--smtp-from", "board@example.com"});
  CHECK(no_link.error.find("--public-url") != std::string::npos);
  auto scheme = with_config("smtp_url = \"http://mail.example.com\"\n");
  CHECK(scheme.error.find("smtp://host:port") != std::string::npos);
  auto creds = with_config("smtp_url = \"smtp://u:p@mail.example.com\"\n");
  CHECK(creds.error.find("no user or password") != std::string::npos);
  auto from = with_config("smtp_from = \"not an address\"\n");
  CHECK(from.error.find("smtp-from must be an address") != std::string::npos);
  auto lonely = with_config("smtp_from = \"board@example.com\"\n");
  CHECK(lonely.error.find("need --smtp-url") != std::string::npos);
  auto no_user = with_config(
      "", {"--smtp-url", "smtp://mail.example.com:587", "--smtp-from", "board@example.com",
           "--public-url", "https://board.example.com", "--smtp-password-file", password.string()});
  CHECK(no_user.error.find("needs --smtp-user") != std::string::npos);
  std::filesystem::remove(password);
  auto missing =
      with_config("", {"--smtp-url", "smtp://mail.example.com:587", "--smtp-from",
                       "board@example.com", "--public-url", "https://board.example.com",
                       "--smtp-user", "board", "--smtp-password-file", password.string()});
  CHECK(missing.error.find("cannot be read") != std::string::npos);
}
