// Building the embed pages' policy from the configuration (embed/policy.hpp).
#include "embed/policy.hpp"

#include <cctype>
#include <cstdio>

namespace shipboard::server {

std::optional<std::string> clean_origin(std::string o) {
  while (!o.empty() && (o.back() == '/' || o.back() == ' ')) o.pop_back();
  while (!o.empty() && o.front() == ' ') o.erase(o.begin());
  auto sep = o.find("://");
  if (sep == std::string::npos || sep == 0 || o.size() > 200) return std::nullopt;
  std::string scheme = o.substr(0, sep);
  if (scheme != "http" && scheme != "https") return std::nullopt;
  std::string host = o.substr(sep + 3);
  if (host.empty()) return std::nullopt;
  for (char c : host)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != ':' &&
        c != '[' && c != ']' && c != '*')
      return std::nullopt;
  return o;
}

EmbedPolicy make_embed_policy(const Config& c) {
  EmbedPolicy e;
  e.frame_ancestors = "frame-ancestors 'self'";
  for (const auto& raw : c.embed_origins) {
    if (auto o = clean_origin(raw)) {
      e.origins.push_back(*o);
      e.frame_ancestors += " " + *o;
    } else {
      fprintf(stderr, "shipboard-server: ignoring --embed-origins entry '%s' (not an origin)\n",
              raw.substr(0, 80).c_str());
    }
  }
  e.page_csp =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      "connect-src 'self'; form-action 'self'; base-uri 'none'; " +
      e.frame_ancestors;
  e.badge_csp = "default-src 'none'; style-src 'unsafe-inline'; " + e.frame_ancestors;
  return e;
}

}  // namespace shipboard::server
