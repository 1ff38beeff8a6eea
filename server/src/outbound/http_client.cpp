// libcurl behind the guarded outbound client; see http_client.hpp.
#include "outbound/http_client.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cctype>
#include <cstring>
#include <memory>
#include <mutex>

#include "config.hpp"
#include "outbound/address_guard.hpp"

namespace shipboard::server::outbound {
namespace {

struct Sink {
  std::string* body;
  std::size_t max;
  bool overflow = false;
};

std::size_t write_body(char* data, std::size_t size, std::size_t n, void* user) {
  auto* sink = static_cast<Sink*>(user);
  std::size_t bytes = size * n;
  if (sink->body->size() + bytes > sink->max) {
    sink->overflow = true;
    return 0;  // aborts the transfer
  }
  sink->body->append(data, bytes);
  return bytes;
}

// Limits::guard at connect time: CURLOPT_OPENSOCKETFUNCTION sees each address libcurl is about
// to connect to (after its DNS lookup, for every happy-eyeballs attempt) and opens the socket
// only when the policy allows it, so the connection goes to exactly the checked address.
struct Guard {
  const AddressPolicy* policy = nullptr;
  std::string scheme;
  int attempts = 0;
  int refusals = 0;
  std::string reason;  // the first refusal's
};

curl_socket_t open_guarded(void* user, curlsocktype purpose, curl_sockaddr* address) {
  auto* guard = static_cast<Guard*>(user);
  ++guard->attempts;
  try {
    std::optional<std::string> why;
    if (purpose != CURLSOCKTYPE_IPCXN)
      why = "only outgoing connections are allowed";
    else if (!((address->family == AF_INET && address->addr.sa_family == AF_INET &&
                address->addrlen >= sizeof(sockaddr_in)) ||
               (address->family == AF_INET6 && address->addr.sa_family == AF_INET6 &&
                address->addrlen >= sizeof(sockaddr_in6))))
      why = "only IPv4 and IPv6 connections are allowed";
    else
      why = refused_connection(*guard->policy, &address->addr, guard->scheme);
    if (why) {
      ++guard->refusals;
      if (guard->reason.empty()) guard->reason = *why;
      return CURL_SOCKET_BAD;
    }
  } catch (...) {
    ++guard->refusals;
    return CURL_SOCKET_BAD;
  }
  return ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

bool is_localhost_name(std::string host) {
  for (auto& ch : host) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (!host.empty() && host.back() == '.') host.pop_back();
  const std::string tail = ".localhost";
  return host == "localhost" || (host.size() > tail.size() &&
                                 host.compare(host.size() - tail.size(), tail.size(), tail) == 0);
}

// The address in `text` as a socket address (port 0); false when it is not a literal address.
bool literal_address(const std::string& text, sockaddr_storage& out) {
  std::memset(&out, 0, sizeof out);
  auto* v4 = reinterpret_cast<sockaddr_in*>(&out);
  if (inet_pton(AF_INET, text.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    return true;
  }
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&out);
  if (inet_pton(AF_INET6, text.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    return true;
  }
  return false;
}

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

bool scheme_host(const std::string& url, std::string& scheme, std::string& host) {
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> u(curl_url(), curl_url_cleanup);
  char* part = nullptr;
  if (!u || curl_url_set(u.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return false;
  if (curl_url_get(u.get(), CURLUPART_SCHEME, &part, 0) != CURLUE_OK) return false;
  scheme = part;
  curl_free(part);
  if (curl_url_get(u.get(), CURLUPART_HOST, &part, 0) != CURLUE_OK) return false;
  host = part;
  curl_free(part);
  if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  return true;
}

std::optional<std::string> check_webhook_url(const std::string& url, const AddressPolicy& policy) {
  const std::string not_url = "must be an absolute https URL";
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> u(curl_url(), curl_url_cleanup);
  if (!u || curl_url_set(u.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return not_url;
  auto part = [&](CURLUPart which, std::string& out) {
    char* p = nullptr;
    if (curl_url_get(u.get(), which, &p, 0) != CURLUE_OK) return false;
    out = p ? p : "";
    curl_free(p);
    return true;
  };
  std::string scheme, host, ignored;
  if (!part(CURLUPART_SCHEME, scheme) || !part(CURLUPART_HOST, host) || host.empty())
    return not_url;
  if (part(CURLUPART_USER, ignored) || part(CURLUPART_PASSWORD, ignored))
    return std::string("must not carry a user name or password");
  if (scheme != "https" && scheme != "http") return std::string("must use https");
  if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  const std::string http_only_allowed =
      "must use https (plain http only to an address --outbound-allow names)";
  sockaddr_storage address{};
  if (literal_address(host, address)) {
    const auto* sa = reinterpret_cast<const sockaddr*>(&address);
    if (auto why = refused(policy, sa)) return why;
    if (scheme == "http" && !allowed_by_list(policy, sa)) return http_only_allowed;
    return std::nullopt;
  }
  if (is_localhost_name(host)) {  // libcurl answers these itself: 127.0.0.1 and ::1
    sockaddr_storage v4{}, v6{};
    literal_address("127.0.0.1", v4);
    literal_address("::1", v6);
    if (!allowed_by_list(policy, reinterpret_cast<const sockaddr*>(&v4)) &&
        !allowed_by_list(policy, reinterpret_cast<const sockaddr*>(&v6)))
      return host + " is a loopback address; --outbound-allow must name it";
    return std::nullopt;
  }
  if (scheme == "http") return http_only_allowed;
  return std::nullopt;  // a host name: its addresses are checked when a delivery connects
}

std::string form_encode(const std::string& value) {
  global_init();
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> h(curl_easy_init(), curl_easy_cleanup);
  char* out = curl_easy_escape(h.get(), value.data(), static_cast<int>(value.size()));
  std::string s = out ? out : "";
  curl_free(out);
  return s;
}

Response send(const Request& request, const Limits& limits) {
  global_init();
  Response res;
  std::string scheme, host;
  if (!scheme_host(request.url, scheme, host)) {
    res.error = "not an absolute URL";
    return res;
  }
  if (limits.guard) {
    if (scheme != "https" && scheme != "http") {  // plain http: checked per address below
      res.error = "refused: only http and https are allowed";
      res.refused = true;
      return res;
    }
  } else if (scheme != "https" &&
             !(scheme == "http" && (limits.allow_http || is_loopback_host(host)))) {
    res.error = "only https is allowed here (http only to a loopback address)";
    return res;
  }
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> h(curl_easy_init(), curl_easy_cleanup);
  if (!h) {
    res.error = "libcurl could not start";
    return res;
  }
  CURL* c = h.get();
  Sink sink{&res.body, limits.max_body_bytes};
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, limits.connect_timeout_ms);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, limits.total_timeout_ms);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "Shipboard");
  curl_easy_setopt(c, CURLOPT_PROXY, "");  // never through an environment's proxy variables
  Guard guard;
  guard.policy = limits.guard;
  guard.scheme = scheme;
  if (limits.guard) {
    curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, open_guarded);
    curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &guard);
    curl_easy_setopt(c, CURLOPT_FORBID_REUSE, 1L);
    // An announced Content-Length over the cap stops the transfer before the body.
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(limits.max_body_bytes));
  }
  struct curl_slist* headers = nullptr;
  for (const auto& [k, v] : request.headers)
    headers = curl_slist_append(headers, (k + ": " + v).c_str());
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> header_list(headers,
                                                                          curl_slist_free_all);
  if (headers) curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  if (request.method == "POST") {
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
  }
  if (!request.basic_user.empty()) {
    curl_easy_setopt(c, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(c, CURLOPT_USERNAME, request.basic_user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, request.basic_password.c_str());
  }
  CURLcode rc = curl_easy_perform(c);
  if (sink.overflow || rc == CURLE_FILESIZE_EXCEEDED) {
    res.error = "the answer is larger than " + std::to_string(limits.max_body_bytes) + " bytes";
    return res;
  }
  if (rc != CURLE_OK) {
    if (limits.guard && guard.refusals > 0 && guard.refusals == guard.attempts) {
      res.refused = true;
      res.error =
          "refused: " + (guard.reason.empty() ? std::string("by the address guard") : guard.reason);
      return res;
    }
    res.error = errbuf[0] ? errbuf : curl_easy_strerror(rc);
    if (guard.refusals > 0) res.error += " (also refused: " + guard.reason + ")";
    return res;
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &res.status);
  char* type = nullptr;
  if (curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &type) == CURLE_OK && type)
    res.content_type = type;
  return res;
}

}  // namespace shipboard::server::outbound
