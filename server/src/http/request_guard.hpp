// Request guards from the hardening work (issue "Hardening"): checks that must run before a
// route reads anything, kept out of app.cpp so they can be tested and read on their own.
#pragma once

#include <httplib.h>

#include <cstddef>
#include <optional>
#include <string>

namespace shipboard::server {

// A body announced (Content-Length) larger than `max_bytes` is answered 413 at once, before
// the server waits for bytes it would refuse anyway. True when the response was written.
bool reject_oversized_body(const httplib::Request& req, httplib::Response& res,
                           std::size_t max_bytes);

// The token of an `Authorization: Bearer <token>` header. The scheme is case-insensitive
// (RFC 9110); a Bearer header with an empty token still counts as a bearer attempt (an empty
// string), so it fails as a wrong token and never falls back to the session cookie. nullopt
// when there is no Authorization header or it names another scheme.
std::optional<std::string> bearer_token(const httplib::Request& req);

}  // namespace shipboard::server
