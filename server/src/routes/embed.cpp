// Embeds for intranet pages (docs/embedding.md): GET /embed/items/{id}, /embed/releases/{id},
// /embed/roadmap and /embed/search as small server-rendered read-only pages (no WASM client),
// and GET /badge/items/{id}.svg for wikis that only allow images. Access is an embed token
// (?token=, scoped to the board or one area) or a signed-in session; everything is rendered
// from the restricted codec form. Embed responses carry their own CSP whose frame-ancestors
// lists --embed-origins; the security middleware leaves it alone. /embed.js, /embed-view.js
// and /embed.css are static files of the web directory (web/).
#include <algorithm>
#include <cctype>

#include "embed/pages.hpp"
#include "routes/route.hpp"
#include "shipboard/url.hpp"

namespace shipboard::server {
namespace {

void item_page(App& app, const Principal& p, const Req& req, Res& res);
void release_page(App& app, const Principal& p, const Req& req, Res& res);
void roadmap_page(App& app, const Principal& p, const Req& req, Res& res);
void search_page(App& app, const Principal& p, const Req& req, Res& res);
void item_badge(App& app, const Principal& p, const Req& req, Res& res);

constexpr Route kRoutes[] = {
    {Method::get, "/embed/items/:id", "item_page", item_page, anyone()},
    {Method::get, "/embed/releases/:id", "release_page", release_page, anyone()},
    {Method::get, "/embed/roadmap", "roadmap_page", roadmap_page, anyone()},
    {Method::get, "/embed/search", "search_page", search_page, anyone()},
    {Method::get, R"(/badge/items/(\d{1,15})\.svg)", "item_badge", item_badge, anyone()},
};

using nlohmann::json;
using Req = httplib::Request;
using Res = httplib::Response;
namespace ep = embed;

bool may(const Principal& p, Action a) {
  if (p.kind == Principal::Kind::embed) return embed_allowed(a);
  return p.signed_in() && allowed(p.role, a);
}

ep::Lang request_lang(const Req& req) {
  if (auto l = ep::parse_lang(req.get_param_value("lang"))) return *l;
  return ep::lang_from_accept(req.get_header_value("Accept-Language"));
}

std::vector<Release> all_releases(App& app) {
  std::vector<Release> out;
  std::string cursor;
  for (int page = 0; page < 20; ++page) {
    auto r = app.store().list_releases(200, cursor);
    if (r.outcome != store::Outcome::ok || !r.value) break;
    for (auto& rel : r.value->items) out.push_back(std::move(rel));
    if (!r.value->next_cursor) break;
    cursor = *r.value->next_cursor;
  }
  return out;
}

ep::PageContext page_context(App& app, const EmbedPolicy& cfg, const Req& req, const Principal& p,
                             bool with_releases) {
  ep::PageContext ctx;
  ctx.lang = request_lang(req);
  std::string q;
  if (p.kind == Principal::Kind::embed && req.has_param("token")) {
    ctx.token = req.get_param_value("token");
    q = "token=" + shipboard::url_encode(ctx.token) + "&";
  }
  q += "lang=" + std::string(ep::lang_tag(ctx.lang));
  // The parent page's origin, echoed only when it is one of --embed-origins: embed-view.js
  // posts its height to exactly that origin (else to document.referrer's origin).
  if (auto parent = clean_origin(req.get_param_value("parent"))) {
    if (std::find(cfg.origins.begin(), cfg.origins.end(), *parent) != cfg.origins.end()) {
      ctx.parent_origin = *parent;
      q += "&parent=" + shipboard::url_encode(*parent);
    }
  }
  ctx.link_query = q;
  if (with_releases)
    for (const auto& r : all_releases(app)) ctx.release_names[r.id] = r.name;
  return ctx;
}

void send_html(const EmbedPolicy& cfg, Res& res, int status, std::string html) {
  res.status = status;
  res.set_header("Content-Security-Policy", cfg.page_csp);
  res.set_header("Cache-Control", "private, no-cache");
  res.set_header("Vary", "Cookie, Accept-Language");
  res.set_content(std::move(html), "text/html; charset=utf-8");
}

std::vector<json> release_items(App& app, const Principal& p, Id release_id) {
  store::ItemFilter f;
  f.release_id = release_id;
  f.area = p.embed_area();
  f.sort = store::ItemSort::eta;
  f.limit = 200;
  std::vector<json> out;
  auto page = app.store().list_items(f);
  if (page.outcome == store::Outcome::ok && page.value)
    for (const auto& it : page.value->items) out.push_back(to_json(it, Audience::restricted));
  return out;
}

std::optional<Id> parse_id(const std::string& s) {
  if (s.empty() || s.size() > 15) return std::nullopt;
  for (char c : s)
    if (c < '0' || c > '9') return std::nullopt;
  Id v = std::stoll(s);
  return v > 0 ? std::optional<Id>(v) : std::nullopt;
}

bool etag_matches(const std::string& if_none_match, const std::string& etag) {
  if (if_none_match.empty()) return false;
  if (if_none_match.find('*') != std::string::npos) return true;
  return if_none_match.find(etag) != std::string::npos;
}

void item_page(App& app, const Principal& p, const Req& req, Res& res) {
  const EmbedPolicy& cfg = app.embed_policy();
  auto ctx = page_context(app, cfg, req, p, true);
  if (!may(p, Action::read_item)) return send_html(cfg, res, 401, ep::message_page(ctx, 401));
  auto id = parse_id(req.path_params.count("id") ? req.path_params.at("id") : "");
  auto item = id ? app.store().item(*id) : std::nullopt;
  if (!item || !p.covers(*item)) return send_html(cfg, res, 404, ep::message_page(ctx, 404));
  send_html(cfg, res, 200, ep::item_page(ctx, to_json(*item, Audience::restricted)));
}

void release_page(App& app, const Principal& p, const Req& req, Res& res) {
  const EmbedPolicy& cfg = app.embed_policy();
  auto ctx = page_context(app, cfg, req, p, false);
  if (!may(p, Action::list_releases) || !may(p, Action::list_items))
    return send_html(cfg, res, 401, ep::message_page(ctx, 401));
  auto id = parse_id(req.path_params.count("id") ? req.path_params.at("id") : "");
  auto rel = id ? app.store().release(*id) : std::nullopt;
  if (!rel) return send_html(cfg, res, 404, ep::message_page(ctx, 404));
  ctx.release_names[rel->id] = rel->name;
  send_html(cfg, res, 200, ep::release_page(ctx, to_json(*rel), release_items(app, p, rel->id)));
}

void roadmap_page(App& app, const Principal& p, const Req& req, Res& res) {
  const EmbedPolicy& cfg = app.embed_policy();
  auto ctx = page_context(app, cfg, req, p, false);
  if (!may(p, Action::list_releases) || !may(p, Action::list_items))
    return send_html(cfg, res, 401, ep::message_page(ctx, 401));
  auto releases = all_releases(app);
  // Upcoming releases first (by planned date), then released ones, newest first.
  std::stable_sort(releases.begin(), releases.end(), [](const Release& a, const Release& b) {
    bool ra = a.state == ReleaseState::released, rb = b.state == ReleaseState::released;
    if (ra != rb) return !ra;
    if (!ra) return a.planned_date < b.planned_date;
    return a.shipped_date > b.shipped_date;
  });
  std::vector<ep::RoadmapRelease> out;
  for (const auto& r : releases) {
    ctx.release_names[r.id] = r.name;
    auto items = release_items(app, p, r.id);
    if (items.empty() && p.embed_area()) continue;  // an area page shows only its releases
    out.push_back({to_json(r), std::move(items)});
  }
  send_html(cfg, res, 200, ep::roadmap_page(ctx, out));
}

void search_page(App& app, const Principal& p, const Req& req, Res& res) {
  const EmbedPolicy& cfg = app.embed_policy();
  auto ctx = page_context(app, cfg, req, p, false);
  if (!may(p, Action::search)) return send_html(cfg, res, 401, ep::message_page(ctx, 401));
  std::string q = req.get_param_value("q");
  if (q.size() > 400) return send_html(cfg, res, 400, ep::message_page(ctx, 400));
  std::vector<ep::SearchResult> results;
  bool searched = q.find_first_not_of(" \t\r\n") != std::string::npos;
  if (searched) {
    store::SearchQuery sq;
    sq.q = q;
    sq.limit = 20;
    sq.restricted = true;
    sq.area = p.embed_area();
    for (const auto& h : app.store().search(sq)) {
      ep::SearchResult r{h.entity, h.id, json(), h.title, h.excerpt};
      if (h.entity == "item") {
        auto it = app.store().item(h.id);
        if (!it || !p.covers(*it)) continue;
        r.item = to_json(*it, Audience::restricted);
      } else if (h.entity == "release" || h.entity == "answer") {
        if (p.embed_area()) continue;  // an area token sees its area's items only
        if (h.entity == "release") {
          if (auto rel = app.store().release(h.id))
            r.title = rel->name;
          else
            continue;
        }
        r.item = json();
      } else {
        continue;  // questions and anything else never reach an embed
      }
      results.push_back(std::move(r));
    }
  }
  send_html(cfg, res, 200, ep::search_page(ctx, q, results, searched));
}

void item_badge(App& app, const Principal& p, const Req& req, Res& res) {
  const EmbedPolicy& cfg = app.embed_policy();
  auto lang = request_lang(req);
  res.set_header("Content-Security-Policy", cfg.badge_csp);
  res.set_header("Vary", "Cookie, Accept-Language");
  auto fail = [&](int status) {
    res.status = status;
    res.set_header("Cache-Control", "no-store");
    res.set_content(ep::message_badge(lang, status), "image/svg+xml");
  };
  if (!may(p, Action::read_item)) return fail(401);
  auto id = parse_id(req.matches.size() > 1 ? std::string(req.matches[1]) : "");
  auto item = id ? app.store().item(*id) : std::nullopt;
  if (!item || !p.covers(*item)) return fail(404);
  std::string etag = "\"b" + std::to_string(item->id) + "v" + std::to_string(item->version) + "-" +
                     std::string(ep::lang_tag(lang)) + "\"";
  res.set_header("ETag", etag);
  res.set_header("Cache-Control", "max-age=60");
  if (etag_matches(req.get_header_value("If-None-Match"), etag)) {
    res.status = 304;
    return;
  }
  res.status = 200;
  res.set_content(ep::badge(lang, to_json(*item, Audience::restricted)), "image/svg+xml");
}

}  // namespace

std::span<const Route> embed_routes() {
  return kRoutes;
}

}  // namespace shipboard::server
