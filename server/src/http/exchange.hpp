// HTTP plumbing shared by every route file: problem+json errors (RFC 9457), JSON bodies with
// their content-type and size checks, ETag/If-Match, list limits and query parsing.
#pragma once

#include <httplib.h>

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "shipboard/result.hpp"

namespace shipboard::server {

void problem(httplib::Response& res, int status, const std::string& title,
             const std::string& detail = "", const FieldErrors& errors = {});
void send_json(httplib::Response& res, int status, const nlohmann::json& body);
void set_etag(httplib::Response& res, std::int64_t version);

// The value of cookie `name` in the request's Cookie headers ("" when absent).
std::string cookie_value(const httplib::Request& req, const std::string& name);

// Parses a JSON request body. On failure writes the problem (415, 400) and returns nullopt.
std::optional<nlohmann::json> json_body(const httplib::Request& req, httplib::Response& res);

// If-Match for an update: nullopt and a 428 when missing, a 412 when malformed.
std::optional<std::int64_t> if_match(const httplib::Request& req, httplib::Response& res);

// ?limit= within [1, max] (default `def`); nullopt and a 400 when malformed.
std::optional<int> list_limit(const httplib::Request& req, httplib::Response& res, int def,
                              int max);
// A positive integer query parameter; `bad` set (and a 400 written) when malformed.
std::optional<std::int64_t> query_id(const httplib::Request& req, httplib::Response& res,
                                     const char* name, bool& bad);
// The {id} path parameter, 404 when not a positive integer.
std::optional<std::int64_t> path_id(const httplib::Request& req, httplib::Response& res,
                                    const char* name = "id");

nlohmann::json page_json(nlohmann::json items, const std::optional<std::string>& next_cursor);

}  // namespace shipboard::server
