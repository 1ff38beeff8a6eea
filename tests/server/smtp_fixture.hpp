// The test SMTP server (tests/smtp/server.py, Debian's python3-aiosmtpd) for the tests that
// send mail: started on 127.0.0.1 port 0 in a temporary directory of its own (for the TLS
// modes with a fresh self-signed certificate for localhost and 127.0.0.1), each accepted
// message read back as <n>.eml with its <n>.json sidecar, stopped when destroyed.
#pragma once

#include <stdlib.h>
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "outbound/mail.hpp"
#include "server_fixture.hpp"

namespace shipboard::test {

// tests/smtp/server.py on 127.0.0.1, in a temporary directory of its own; for TLS modes with
// a fresh self-signed certificate for localhost and 127.0.0.1.
struct SmtpServer {
  std::string dir;
  std::unique_ptr<HelperProcess> process;
  int port = 0;

  explicit SmtpServer(const std::string& mode = "plain", std::vector<std::string> extra = {}) {
    char tmpl[] = "/tmp/shipboard-smtp-XXXXXX";
    REQUIRE(mkdtemp(tmpl));
    dir = tmpl;
    std::filesystem::create_directory(dir + "/mail");
    std::vector<std::string> argv{"/usr/bin/python3",
                                  (repo_root() / "tests/smtp/server.py").string(),
                                  "--dir",
                                  dir + "/mail",
                                  "--port-file",
                                  dir + "/port",
                                  "--mode",
                                  mode};
    if (mode != "plain") {
      const std::string cmd =
          "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 "
          "-subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout " +
          dir + "/key.pem -out " + dir + "/cert.pem > " + dir + "/openssl.log 2>&1";
      INFO(cmd);
      REQUIRE(std::system(cmd.c_str()) == 0);
      argv.insert(argv.end(), {"--tls-cert", cert(), "--tls-key", dir + "/key.pem"});
    }
    argv.insert(argv.end(), extra.begin(), extra.end());
    process = std::make_unique<HelperProcess>(argv, dir + "/smtp.log");
    port = process->wait_for_port_file(dir + "/port");
  }
  ~SmtpServer() {
    process.reset();
    std::filesystem::remove_all(dir);
  }
  std::string cert() const { return dir + "/cert.pem"; }
  std::string url(const std::string& scheme = "smtp") const {
    return scheme + "://127.0.0.1:" + std::to_string(port);
  }
  int messages() const {
    int n = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir + "/mail"))
      n += e.path().extension() == ".eml";
    return n;
  }
  std::string eml(int n) const { return read_text(dir + "/mail/" + std::to_string(n) + ".eml"); }
  nlohmann::json sidecar(int n) const {
    return nlohmann::json::parse(read_text(dir + "/mail/" + std::to_string(n) + ".json"));
  }
  server::outbound::SmtpSettings settings(const std::string& scheme = "smtp") const {
    server::outbound::SmtpSettings s;
    s.url = url(scheme);
    s.from = "Shipboard <board@example.com>";
    s.connect_timeout_ms = 3000;
    s.total_timeout_ms = 15000;
    return s;
  }
};

}  // namespace shipboard::test
