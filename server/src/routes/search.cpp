// GET /api/v1/search: the sales home's search over the board (Traditional and Simplified
// folded, 1- and 2-character Chinese terms), with what each caller told about each hit.
#include "routes/route.hpp"
#include "shipboard/json_reader.hpp"
#include "shipboard/search_text.hpp"

namespace shipboard::server {
namespace {

void search_items(App& app, const Principal& p, const Req& req, Res& res);

constexpr Route kRoutes[] = {
    {Method::get, "/api/v1/search", "search_items", search_items, reads(Action::search)},
};

void search_items(App& app, const Principal& p, const Req& req, Res& res) {
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
  if (auto area = p.embed_area()) q.area = *area;
  nlohmann::json items = nlohmann::json::array();
  for (const auto& h : app.store().search(q)) {
    nlohmann::json j{{"entity", h.entity},
                     {"id", h.id},
                     {"title", h.title},
                     {"excerpt", h.excerpt},
                     {"rank", h.rank}};
    if (h.entity == "item") {
      if (auto it = app.store().item(h.id)) j["item"] = to_json(*it, p.audience());
    }
    items.push_back(std::move(j));
  }
  send_json(res, 200,
            {{"items", std::move(items)}, {"next_cursor", nullptr}, {"terms", search_terms(q.q)}});
}

}  // namespace

std::span<const Route> search_routes() {
  return kRoutes;
}

}  // namespace shipboard::server
