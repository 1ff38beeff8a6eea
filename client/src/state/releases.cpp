// Releases: the list, a release's questions, and the PM's edit of a release (PATCH with If-Match,
// a 412 shows the release as it is now and re-applies; a 422 shows the fields) or a new one.
#include <algorithm>
#include <cstring>

#include <nlohmann/json.hpp>

#include "platform/platform.hpp"
#include "shipboard/codec.hpp"
#include "shipboard/commands.hpp"
#include "shipboard/permissions.hpp"
#include "state/api.hpp"
#include "state/app_state.hpp"
#include "state/record_form.hpp"

namespace shipboard::client {
namespace {

using nlohmann::json;

ReleaseEdit& release_form(AppState& app) { return app.releases.edit; }

// The release form's changes relative to `base`.
PatchRelease release_patch(const ReleaseEdit& e, const Release& base) {
  PatchRelease p;
  if (e.name != base.name) p.name = std::string(e.name);
  if (e.planned != base.planned_date) p.planned_date = std::string(e.planned);
  if (e.shipped != base.shipped_date) {
    p.shipped_date = !e.shipped.empty() ? std::optional<std::string>(e.shipped) : std::nullopt;
  }
  if (e.state != base.state) p.state = e.state;
  if (e.notes != base.notes) p.notes = std::string(e.notes);
  if (e.faq != base.faq) p.faq = std::string(e.faq);
  return p;
}

void fill_release(ReleaseEdit& e, const Release& r) {
  e.id = r.id;
  e.base = r;
  e.name = r.name;
  e.planned = r.planned_date;
  e.shipped = r.shipped_date;
  e.state = r.state;
  e.notes = r.notes;
  e.faq = r.faq;
}

void apply_release_patch(ReleaseEdit& e, const PatchRelease& p) {
  if (p.name) e.name = *p.name;
  if (p.planned_date) e.planned = *p.planned_date;
  if (p.shipped_date) e.shipped = p.shipped_date->value_or("");
  if (p.state) e.state = *p.state;
  if (p.notes) e.notes = *p.notes;
  if (p.faq) e.faq = *p.faq;
}

void store_release(AppState& app, const Release& r) {
  for (Release& x : app.releases.list) {
    if (x.id == r.id) x = r;
  }
  app.items.release_names[r.id] = r.name;
}

void send_release_patch(AppState& app, const Release& base) {
  ReleaseEdit& e = app.releases.edit;
  const PatchRelease patch = release_patch(e, base);
  e.error.clear();
  if (patch.empty()) {
    e.id = 0;  // nothing changed: just close the form
    return;
  }
  send_patch(app, release_form, "/api/v1/releases/" + std::to_string(e.id), to_json(patch).dump(),
             base.version, [](const json& j) { return decode_release(j); }, store_release);
}

void send_release_create(AppState& app) {
  const ReleaseEdit& e = app.releases.edit;
  CreateRelease c;
  c.name = e.name;
  c.planned_date = e.planned;
  if (!e.shipped.empty()) c.shipped_date = std::string(e.shipped);
  c.state = e.state;
  c.notes = e.notes;
  c.faq = e.faq;
  send_create<ReleaseEdit, Release>(
      app, release_form, "/api/v1/releases", to_json(c).dump(),
      [](const json& j) { return decode_release(j); },
      [](AppState& a, const Release& r) {
        a.releases.list.push_back(r);
        a.items.release_names[r.id] = r.name;
        app_navigate(a, Route{View::release, r.id});
      });
}

}  // namespace

void releases_load(AppState& app) {
  if (app.releases.state != LoadState::loaded) app.releases.state = LoadState::loading;
  http_request("GET", "/api/v1/releases?limit=500", "", "", [&app](HttpResponse r) {
    auto list = decode_list<Release>(r, [](const json& j) { return decode_release(j); });
    if (!list) {
      app.releases.state = LoadState::failed;
      return;
    }
    // Timeline order: by planned date (undated last), then id.
    std::stable_sort(list->begin(), list->end(), [](const Release& a, const Release& b) {
      const std::string da = a.planned_date.empty() ? "9999" : a.planned_date;
      const std::string db = b.planned_date.empty() ? "9999" : b.planned_date;
      return da != db ? da < db : a.id < b.id;
    });
    for (const Release& rel : *list) {
      if (!app.items.release_names.count(rel.id)) app.items.release_ids.push_back(rel.id);
      app.items.release_names[rel.id] = rel.name;
    }
    app.releases.list = std::move(*list);
    app.releases.state = LoadState::loaded;
  });
}

void release_questions_load(AppState& app, Id release_id) {
  ReleasesState& s = app.releases;
  s.questions_for = release_id;
  s.questions_state = LoadState::loading;
  http_request("GET", "/api/v1/questions?limit=500&release=" + std::to_string(release_id), "", "",
               [&app, release_id](HttpResponse r) {
                 ReleasesState& st = app.releases;
                 if (st.questions_for != release_id) return;
                 auto list =
                     decode_list<Question>(r, [](const json& j) { return decode_question(j); });
                 st.questions_state = list ? LoadState::loaded : LoadState::failed;
                 if (list) st.questions = std::move(*list);
               });
}

const Release* app_find_release(const AppState& app, Id id) {
  for (const Release& r : app.releases.list) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

bool release_may_edit(const AppState& app) {
  return app_can(app, int(Action::patch_release));
}

void release_edit_begin(AppState& app, const Release& r) {
  ReleaseEdit& e = app.releases.edit;
  e = ReleaseEdit{};
  fill_release(e, r);
}

void release_create_begin(AppState& app) {
  ReleaseEdit& e = app.releases.edit;
  e = ReleaseEdit{};
  e.id = kNewRecord;
}

void release_edit_save(AppState& app) {
  ReleaseEdit& e = app.releases.edit;
  if (e.id == 0 || e.saving || e.conflict) return;
  if (e.id == kNewRecord) return send_release_create(app);
  send_release_patch(app, e.base);
}

void release_edit_reapply(AppState& app) {
  ReleaseEdit& e = app.releases.edit;
  if (!e.conflict) return;
  const PatchRelease mine = release_patch(e, e.base);
  const Release now = *e.conflict;
  e.conflict.reset();
  fill_release(e, now);
  apply_release_patch(e, mine);
  send_release_patch(app, now);
}

}  // namespace shipboard::client
