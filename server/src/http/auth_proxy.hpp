// Trusted reverse-proxy headers (oauth2-proxy, Authelia, nginx auth_request): the login, and
// optionally email, name and groups, in headers named by --auth-proxy-*-header. They are
// believed only when the connection comes from an address in --auth-proxy-trusted; from any
// other peer they are ignored (and counted), and the request is resolved as if they were absent.
#pragma once

#include <httplib.h>

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "config.hpp"

namespace shipboard::server {

// An address or a CIDR block, IPv4 or IPv6 ("127.0.0.2", "10.0.0.0/8", "::1/128").
struct Cidr {
  bool v6 = false;
  std::array<unsigned char, 16> bytes{};
  int prefix = 0;
};
std::optional<Cidr> parse_cidr(const std::string& text);
// Whether `address` (as a socket reports it; "::ffff:a.b.c.d" counts as IPv4) is in `block`.
bool cidr_contains(const Cidr& block, const std::string& address);

// What a trusted proxy says about who is calling.
struct ProxyIdentity {
  std::string login;
  std::string email;
  std::string name;
  std::optional<std::vector<std::string>> groups;  // when --auth-proxy-groups-header is set
};

class AuthProxy {
 public:
  explicit AuthProxy(const Config& config);
  bool enabled() const { return !header_.empty(); }
  enum class Outcome { absent, ignored, invalid, identity };
  struct Reading {
    Outcome outcome = Outcome::absent;
    ProxyIdentity identity;  // for Outcome::identity
  };
  // absent: no login header; ignored: a header from an untrusted peer; invalid: a trusted peer
  // sent a login that is not a login (empty, too long, control characters).
  Reading read(const httplib::Request& req) const;

 private:
  std::string header_, email_header_, name_header_, groups_header_;
  std::vector<Cidr> trusted_;
};

}  // namespace shipboard::server
