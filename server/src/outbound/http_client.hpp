// The one guarded client for requests the server sends out (OpenID discovery, keys and
// tokens now; webhooks and chat later), over Debian's libcurl: http and https only, no
// redirects, connect and total timeouts, a capped body, plain http only to loopback unless
// the caller allows it. Blocking: call it from a request that waits for it (sign-in) or from
// a worker, never while holding a lock. With Limits::guard set (webhooks), every address libcurl
// is about to connect to is checked by outbound/address_guard first.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace shipboard::server::outbound {

struct AddressPolicy;  // outbound/address_guard.hpp

struct Request {
  std::string method = "GET";  // GET or POST
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;                        // for POST
  std::string basic_user, basic_password;  // HTTP Basic when basic_user is set
};

struct Limits {
  long connect_timeout_ms = 5000;
  long total_timeout_ms = 10000;
  std::size_t max_body_bytes = 1 << 20;
  bool allow_http = false;  // plain http to a non-loopback host (ignored with a guard)
  // When set: each connection goes only to an address the policy allows (checked on the very
  // address libcurl connects to, after DNS), plain http only to an address inside its allow
  // blocks, and allow_http and the loopback exception no longer apply. Not owned; must outlive
  // the call. Null (OpenID: an operator-configured issuer, maybe on loopback): no guard.
  const AddressPolicy* guard = nullptr;
};

struct Response {
  long status = 0;  // 0: no HTTP answer (then `error` says why)
  std::string body;
  std::string content_type;
  std::string error;
  bool refused = false;  // the guard refused every address (then `error` starts "refused: ")
  bool ok() const { return error.empty() && status >= 200 && status < 300; }
};

Response send(const Request& request, const Limits& limits = {});

// The scheme and host (IPv6 without brackets) of an absolute URL, by libcurl's URL parser;
// false when it is not one.
bool scheme_host(const std::string& url, std::string& scheme, std::string& host);

// A webhook URL as it is created (for a 422): nullopt when acceptable, else what is wrong, e.g.
// "must not carry a user name or password". Refused: an unparseable URL, credentials, a scheme
// other than https (plain http only to a literal IP address inside the allow blocks, or to
// "localhost" when the blocks allow 127.0.0.1 or ::1), a literal IP address the policy refuses.
// A host name is accepted here; its addresses are checked at each send.
std::optional<std::string> check_webhook_url(const std::string& url, const AddressPolicy& policy);

// application/x-www-form-urlencoded encoding of one value (RFC 6749's form bodies).
std::string form_encode(const std::string& value);

}  // namespace shipboard::server::outbound
