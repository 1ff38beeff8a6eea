// Who may frame Shipboard's embed pages: the validated --embed-origins and the Content-Security-
// Policy headers built from them once at start (frame-ancestors 'self' plus those origins).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config.hpp"

namespace shipboard::server {

struct EmbedPolicy {
  std::vector<std::string> origins;  // validated --embed-origins
  std::string frame_ancestors;       // "frame-ancestors 'self' <origins>"
  std::string page_csp;              // the CSP of /embed/* pages
  std::string badge_csp;             // the CSP of /badge/items/{id}.svg
};

// "scheme://host[:port]" (host may start with "*." as CSP allows); a trailing "/" is dropped.
// Anything else (paths, quotes, ';', spaces) is refused so the header cannot be broken.
std::optional<std::string> clean_origin(std::string o);
// The policy of a configuration; origins that are not origins are named on stderr and left out.
EmbedPolicy make_embed_policy(const Config& c);

}  // namespace shipboard::server
