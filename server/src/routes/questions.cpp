// Questions and their answers: sales ask "when does it ship / can we do this for customer X",
// PMs answer once. The PM's question queue reads GET /api/v1/questions?status=open.
#include "routes/route.hpp"
#include "shipboard/json_reader.hpp"

namespace shipboard::server {
namespace {

void list_questions(App& app, const Principal& p, const Req& req, Res& res);
void get_question(App& app, const Principal& p, const Req& req, Res& res);
void create_question(App& app, const Principal& p, const Req& req, Res& res);
void patch_question(App& app, const Principal& p, const Req& req, Res& res);
void answer_question(App& app, const Principal& p, const Req& req, Res& res);

constexpr Route kRoutes[] = {
    {Method::get, "/api/v1/questions", "list_questions", list_questions,
     reads(Action::list_questions)},
    {Method::get, "/api/v1/questions/:id", "get_question", get_question,
     reads(Action::list_questions)},
    {Method::post, "/api/v1/questions", "create_question", create_question,
     changes(Action::create_question)},
    {Method::patch, "/api/v1/questions/:id", "patch_question", patch_question,
     changes(Action::edit_own_question)},
    {Method::post, "/api/v1/questions/:id/answers", "answer_question", answer_question,
     changes(Action::answer_question)},
};

void list_questions(App& app, const Principal& p, const Req& req, Res& res) {
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
  if (req.get_param_value("sort") == "priority")
    f.by_priority = true;
  else if (req.has_param("sort") && req.get_param_value("sort") != "id")
    return problem(res, 400, "Bad Request", "sort must be priority or id",
                   {{"sort", "must be priority or id"}});
  f.cursor = req.get_param_value("cursor");
  if (auto area = p.embed_area()) f.area = *area;
  auto r = app.store().list_questions(f);
  if (!store_ok(r, res)) return;
  nlohmann::json items = nlohmann::json::array();
  for (const auto& q : r.value->items) items.push_back(to_json(q, p.audience()));
  send_json(res, 200, page_json(std::move(items), r.value->next_cursor));
}

void get_question(App& app, const Principal& p, const Req& req, Res& res) {
  auto id = path_id(req, res);
  if (!id) return;
  auto q = app.store().question(*id);
  if (!q) return problem(res, 404, "Not Found", "no such question");
  if (auto area = p.embed_area()) {  // an area token sees questions about its area's items
    auto item = q->item_id ? app.store().item(*q->item_id) : std::nullopt;
    if (!item || item->area != *area) return problem(res, 404, "Not Found", "no such question");
  }
  set_etag(res, q->version);
  send_json(res, 200, to_json(*q, p.audience()));
}

void create_question(App& app, const Principal& p, const Req& req, Res& res) {
  auto body = json_body(req, res);
  if (!body) return;
  auto cmd = decode_create_question(*body);
  if (!cmd.ok()) return problem(res, 422, "Unprocessable Content", "", cmd.errors);
  auto r = app.store().create_question(p.actor(), *cmd.value, App::now());
  if (!store_ok(r, res)) return;
  res.set_header("Location", "/api/v1/questions/" + std::to_string(r.value->id));
  set_etag(res, r.value->version);
  send_json(res, 201, to_json(*r.value, p.audience()));
}

void patch_question(App& app, const Principal& p, const Req& req, Res& res) {
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
  if (r.outcome == store::Outcome::precondition_failed) {
    auto now_question = app.store().question(*id);
    return precondition_failed(
        res, now_question ? to_json(*now_question, p.audience()) : nlohmann::json());
  }
  if (!store_ok(r, res)) return;
  set_etag(res, r.value->version);
  send_json(res, 200, to_json(*r.value, p.audience()));
}

void answer_question(App& app, const Principal& p, const Req& req, Res& res) {
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
}

}  // namespace

std::span<const Route> question_routes() {
  return kRoutes;
}

}  // namespace shipboard::server
