// What every route file shares: the route table entry (method, path, handler name, who may
// call it), the one guard that resolves the caller and checks role, embed token and CSRF before
// any handler runs, and the replies of a store outcome (404/403/409/412/422).
// Each file in routes/ opens with its table; app.cpp mounts them all (mount_routes).
#pragma once

#include <httplib.h>

#include <span>
#include <vector>

#include "app.hpp"
#include "http/exchange.hpp"
#include "shipboard/commands.hpp"
#include "store/store.hpp"

namespace shipboard::server {

enum class Method { get, post, put, patch, del };
const char* to_string(Method m);  // "GET", ...

// Who may call a route; the guard checks it before the handler runs.
struct Access {
  enum class Kind {
    anyone,     // no check (sign-in, health, the OpenAPI document, embed pages that answer in HTML)
    signed_in,  // a session or a bearer token
    session_change,    // a cookie session, with its CSRF token (sign-out)
    signed_in_change,  // a session or bearer, CSRF for cookies; the handler checks fields per role
    reads,             // `action` per the core's permission table (embed tokens as it allows)
    changes,           // `action`, never an embed token, CSRF for cookies
    admin_token,       // an API (bearer) token with the admin role: machines, not browsers
  } kind = Kind::anyone;
  Action action = Action::list_items;
};
constexpr Access anyone() {
  return {Access::Kind::anyone};
}
constexpr Access signed_in() {
  return {Access::Kind::signed_in};
}
constexpr Access session_change() {
  return {Access::Kind::session_change};
}
constexpr Access signed_in_change() {
  return {Access::Kind::signed_in_change};
}
constexpr Access reads(Action a) {
  return {Access::Kind::reads, a};
}
constexpr Access changes(Action a) {
  return {Access::Kind::changes, a};
}
constexpr Access admin_token() {
  return {Access::Kind::admin_token};
}
std::string describe(const Access& a);  // "anyone", "reads list_items", ...

using Req = httplib::Request;
using Res = httplib::Response;
// A handler runs after the guard let the caller `p` through.
using Handler = void (*)(App& app, const Principal& p, const Req& req, Res& res);

struct Route {
  Method method;
  const char* path;  // httplib pattern: ":id" parameters, or a regex for the badge
  const char* name;  // the handler's name
  Handler handler;
  Access access;
};

// The tables of the route files, in the order they are mounted.
std::span<const Route> session_routes();
std::span<const Route> item_routes();
std::span<const Route> question_routes();
std::span<const Route> told_routes();
std::span<const Route> inbox_routes();
std::span<const Route> search_routes();
std::span<const Route> release_routes();
std::span<const Route> enablement_routes();
std::span<const Route> customer_routes();
std::span<const Route> answer_routes();
std::span<const Route> admin_routes();
std::span<const Route> outbox_routes();
std::span<const Route> event_routes();
std::span<const Route> embed_routes();
std::span<const Route> openapi_routes();
std::span<const Route> health_routes();
std::span<const Route> metrics_routes();
std::span<const Route> oidc_routes();
std::span<const Route> import_routes();
std::vector<const Route*> all_routes();

// [sign-in] A new session for `user_id` (cookie set on `res`); returns its CSRF token. Used by
// the password sign-in and the company sign-in's callback (routes/session.cpp).
std::string start_session(App& app, const Req& req, Res& res, Id user_id);

// The guard: false (with the 401/403 problem written) when `p` may not call a route of `a`.
bool guard(const Access& a, const Principal& p, const Req& req, Res& res);
// Registers every route of every table on app.http(), each behind the guard.
void mount_routes(App& app);

// Writes the problem for a non-ok outcome and returns false; true when ok.
bool respond_outcome(store::Outcome o, const std::string& detail, const FieldErrors& errors,
                     Res& res);
template <class T>
bool store_ok(const store::Result<T>& r, Res& res) {
  return respond_outcome(r.outcome, r.detail, r.errors, res);
}
// A versioned write that lost its If-Match: 412 with the object as it is now (`current`), so
// the client shows what changed and re-applies (one conflict path for every resource).
void precondition_failed(Res& res, const nlohmann::json& current);

// Decodes a command from the JSON body: 415/400 for a bad body, 422 for field errors.
template <class T>
std::optional<T> decode_body(const Req& req, Res& res,
                             Decoded<T> (*decode)(const nlohmann::json&)) {
  auto body = json_body(req, res);
  if (!body) return std::nullopt;
  auto d = decode(*body);
  if (!d.ok()) {
    problem(res, 422, "Unprocessable Content", "the request has invalid fields", d.errors);
    return std::nullopt;
  }
  return std::move(*d.value);
}

// ?limit= and ?cursor= of a list; false (with a 400 written) when malformed.
bool page_params(const App& app, const Req& req, Res& res, int& limit, std::string& cursor);

template <class T, class ToJson>
void send_page(Res& res, const store::Result<store::Page<T>>& page, ToJson to) {
  if (!store_ok(page, res)) return;  // a bad cursor is a 400
  nlohmann::json items = nlohmann::json::array();
  for (const auto& v : page.value->items) items.push_back(to(v));
  send_json(res, 200, page_json(std::move(items), page.value->next_cursor));
}
void send_created(Res& res, const std::string& location, std::int64_t version,
                  const nlohmann::json& body);
void send_updated(Res& res, std::int64_t version, const nlohmann::json& body);
// ?name=1 or ?name=true.
bool truthy(const Req& req, const char* name);

}  // namespace shipboard::server
