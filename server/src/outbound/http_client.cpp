// libcurl behind the guarded outbound client; see http_client.hpp.
#include "outbound/http_client.hpp"

#include <curl/curl.h>

#include <memory>
#include <mutex>

#include "config.hpp"

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
  if (scheme != "https" && !(scheme == "http" && (limits.allow_http || is_loopback_host(host)))) {
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
  if (sink.overflow) {
    res.error = "the answer is larger than " + std::to_string(limits.max_body_bytes) + " bytes";
    return res;
  }
  if (rc != CURLE_OK) {
    res.error = errbuf[0] ? errbuf : curl_easy_strerror(rc);
    return res;
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &res.status);
  char* type = nullptr;
  if (curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &type) == CURLE_OK && type)
    res.content_type = type;
  return res;
}

}  // namespace shipboard::server::outbound
