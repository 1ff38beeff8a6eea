// Questions and answers, the told log, the inbox and search: the conversation between sales
// and PMs around the items.
#include "app.hpp"
#include "http.hpp"
#include "routes_common.hpp"
#include "shipboard/commands.hpp"
#include "shipboard/json_reader.hpp"
#include "shipboard/search_text.hpp"

namespace shipboard::server {
namespace {

bool truthy(const httplib::Request& req, const char* name) {
  auto v = req.get_param_value(name);
  return v == "1" || v == "true";
}


// The area of an embed token scoped to one ("area:<name>"), else nullopt.
std::optional<std::string> embed_area(const Principal& p) {
  if (p.kind != Principal::Kind::embed || p.embed_scope.rfind("area:", 0) != 0) return std::nullopt;
  return p.embed_scope.substr(5);
}

}  // namespace

void register_board_routes(App& app) {
  auto& http = app.http();

  // [SECTION] questions
  http.Get("/api/v1/questions", [&app](const httplib::Request& req, httplib::Response& res) {
    auto p = app.principal(req);
    if (!app.require(p, Action::list_questions, res)) return;
    store::QuestionFilter f;
    auto limit = list_limit(req, res, app.config().list_limit_default, app.config().list_limit_max);
    if (!limit) return;
    f.limit = *limit;
    if (req.has_param("state")) {
      f.state = parse_question_state(req.get_param_value("state"));
      if (!f.state)
        return problem(res, 400, "Bad Request", "state must be open or answered",
                       {{"state", "must be open or answered"}});
    }
    bool bad = false;
    f.item_id = query_id(req, res, "item", bad);
    if (bad) return;
    f.release_id = query_id(req, res, "release", bad);
    if (bad) return;
    if (truthy(req, "mine") && p.signed_in()) f.asked_by = p.user.id;
    if (req.get_param_value("sort") == "priority") f.by_priority = true;
    else if (req.has_param("sort") && req.get_param_value("sort") != "id")
      return problem(res, 400, "Bad Request", "sort must be priority or id", {{"sort", "must be priority or id"}});
    f.cursor = req.get_param_value("cursor");
    if (auto area = embed_area(p)) f.area = *area;
    auto r = app.store().list_questions(f);
    if (!store_ok(r, res)) return;
    nlohmann::json items = nlohmann::json::array();
    for (const auto& q : r.value->items) items.push_back(to_json(q, p.audience()));
    send_json(res, 200, page_json(std::move(items), r.value->next_cursor));
  });

  http.Get(R"(/api/v1/questions/:id)", [&app](const httplib::Request& req, httplib::Response& res) {
    auto p = app.principal(req);
    if (!app.require(p, Action::list_questions, res)) return;
    auto id = path_id(req, res);
    if (!id) return;
    auto q = app.store().question(*id);
    if (!q) return problem(res, 404, "Not Found", "no such question");
    if (auto area = embed_area(p)) {  // an area token sees questions about its area's items
      auto item = q->item_id ? app.store().item(*q->item_id) : std::nullopt;
      if (!item || item->area != *area) return problem(res, 404, "Not Found", "no such question");
    }
    set_etag(res, q->version);
    send_json(res, 200, to_json(*q, p.audience()));
  });

  http.Post("/api/v1/questions", [&app](const httplib::Request& req, httplib::Response& res) {
    auto p = app.principal(req);
    if (!app.require_change(req, p, Action::create_question, res)) return;
    auto body = json_body(req, res);
    if (!body) return;
    auto cmd = decode_create_question(*body);
    if (!cmd.ok()) return problem(res, 422, "Unprocessable Content", "", cmd.errors);
    auto r = app.store().create_question(p.actor(), *cmd.value, App::now());
    if (!store_ok(r, res)) return;
    res.set_header("Location", "/api/v1/questions/" + std::to_string(r.value->id));
    set_etag(res, r.value->version);
    send_json(res, 201, to_json(*r.value, p.audience()));
  });

  http.Patch(R"(/api/v1/questions/:id)", [&app](const httplib::Request& req, httplib::Response& res) {
    auto p = app.principal(req);
    if (!app.require_change(req, p, Action::edit_own_question, res)) return;
    auto id = path_id(req, res);
    if (!id) return;
    auto current = app.store().question(*id);
    if (!current) return problem(res, 404, "Not Found", "no such question");
    if (!may_edit_question(p.role, p.user.id, *current))
      return problem(res, 403, "Forbidden", "only the asker edits an open question (or a PM)");
    auto version = if_match(req, res);
    if (!version) return;
    auto body = json_body(req, res);
    if (!body) return;
    auto cmd = decode_patch_question(*body);
    if (!cmd.ok()) return problem(res, 422, "Unprocessable Content", "", cmd.errors);
    auto r = app.store().patch_question(p.actor(), *id, *version, *cmd.value, App::now());
    if (!store_ok(r, res)) return;
    set_etag(res, r.value->version);
    send_json(res, 200, to_json(*r.value, p.audience()));
  });

  http.Post(R"(/api/v1/questions/:id/answers)", [&app](const httplib::Request& req, httplib::Response& res) {
    auto p = app.principal(req);
    if (!app.require_change(req, p, Action::answer_question, res)) return;
    auto id = path_id(req, res);
    if (!id) return;
    auto body = json_body(req, res);
    if (!body) return;
    auto cmd = decode_answer_question(*body);
    if (!cmd.ok()) return problem(res, 422, "Unprocessable Content", "", cmd.errors);
    auto r = app.store().answer_question(p.actor(), *id, *cmd.value, App::now());
    if (!store_ok(r, res)) return;
    set_etag(res, r.value->version);
    send_json(res, 201, to_json(*r.value, p.audience()));
  });

  // [SECTION] told
  http.Post("/api/v1/told", [&app](const httplib::Request& req, httplib::Response& res) {
    auto p = app.principal(req);
    if (!app.require_change(req, p, Action::create_told, res)) return;
    auto body = json_body(req, res);
    if (!body) return;
    auto cmd = decode_create_told(*body);
    if (!cmd.ok()) return problem(res, 422, "Unprocessable Content", "", cmd.errors);
    auto r = app.store().create_told(p.actor(), *cmd.value, App::now());
    if (!store_ok(r, res)) return;
    send_json(res, 201, to_json(*r.value, p.audience()));
  });

  http.Get("/api/v1/told", [&app](const httplib::Request& req, httplib::Response& res) {
    auto p = app.principal(req);
    if (!app.require(p, Action::list_told, res)) return;
    auto limit = list_limit(req, res, app.config().list_limit_default, app.config().list_limit_max);
    if (!limit) return;
    nlohmann::json items = nlohmann::json::array();
    for (const auto& [t, stale] : app.store().told_by(p.user.id, *limit)) {
      auto j = to_json(t, p.audience());
      j["stale"] = stale;
      items.push_back(std::move(j));
    }
    send_json(res, 200, page_json(std::move(items), std::nullopt));
  });

  // [SECTION] inbox
  http.Get("/api/v1/inbox", [&app](const httplib::Request& req, httplib::Response& res) {
    auto p = app.principal(req);
    if (!app.require(p, Action::read_inbox, res)) return;
    auto limit = list_limit(req, res, app.config().list_limit_default, app.config().list_limit_max);
    if (!limit) return;
    auto r = app.store().inbox(p.user.id, *limit, req.get_param_value("cursor"), truthy(req, "unread"));
    if (!store_ok(r, res)) return;
    nlohmann::json items = nlohmann::json::array();
    for (const auto& n : r.value->items) items.push_back(to_json(n));
    auto j = page_json(std::move(items), r.value->next_cursor);
    j["unread"] = app.store().unread_count(p.user.id);
    send_json(res, 200, j);
  });

  http.Post("/api/v1/inbox/read", [&app](const httplib::Request& req, httplib::Response& res) {
    auto p = app.principal(req);
    if (!app.require_change(req, p, Action::read_inbox, res)) return;
    auto body = json_body(req, res);
    if (!body) return;
    auto cmd = decode_mark_read(*body);
    if (!cmd.ok()) return problem(res, 422, "Unprocessable Content", "", cmd.errors);
    int n = app.store().mark_read(p.user.id, *cmd.value);
    send_json(res, 200, {{"marked", n}, {"unread", app.store().unread_count(p.user.id)}});
  });

  // [SECTION] search
  http.Get("/api/v1/search", [&app](const httplib::Request& req, httplib::Response& res) {
    auto p = app.principal(req);
    if (!app.require(p, Action::search, res)) return;
    store::SearchQuery q;
    q.q = req.get_param_value("q");
    if (q.q.empty() || q.q.size() > 400)
      return problem(res, 400, "Bad Request", "q must have 1 to 400 bytes",
                     {{"q", "must have 1 to 400 bytes"}});
    if (!is_valid_utf8(q.q))  // [hardening] a query is text: invalid UTF-8 is malformed
      return problem(res, 400, "Bad Request", "q must be valid UTF-8",
                     {{"q", "must be valid UTF-8"}});
    auto limit = list_limit(req, res, 20, 100);
    if (!limit) return;
    q.limit = *limit;
    q.restricted = p.audience() == Audience::restricted;
    if (p.kind == Principal::Kind::embed && p.embed_scope.rfind("area:", 0) == 0)
      q.area = p.embed_scope.substr(5);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& h : app.store().search(q)) {
      nlohmann::json j{{"entity", h.entity}, {"id", h.id},          {"title", h.title},
                       {"excerpt", h.excerpt}, {"rank", h.rank}};
      if (h.entity == "item") {
        if (auto it = app.store().item(h.id)) j["item"] = to_json(*it, p.audience());
      }
      items.push_back(std::move(j));
    }
    send_json(res, 200, {{"items", std::move(items)}, {"next_cursor", nullptr},
                         {"terms", search_terms(q.q)}});
  });
}

}  // namespace shipboard::server
