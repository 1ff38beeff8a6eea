// Loaders for the catalog views (see app.hpp): the board's filtered item list, releases and the
// questions asked about one, customers and one customer's requests, and the answered questions
// the insights view measures turnaround on; editing releases and customers (PATCH + If-Match).
// Everything is decoded with the core's decode_*.
#include <algorithm>
#include <cstring>

#include <nlohmann/json.hpp>

#include "app.hpp"
#include "platform.hpp"
#include "shipboard/codec.hpp"
#include "shipboard/commands.hpp"
#include "shipboard/permissions.hpp"
#include "shipboard/url.hpp"

namespace shipboard::client {
namespace {

using nlohmann::json;

// The `items` array of a list response, each entry through `decode`; nullopt on a bad shape.
template <typename T, typename F>
std::optional<std::vector<T>> decode_list(const HttpResponse& r, F decode) {
  if (r.status != 200) return std::nullopt;
  json j = json::parse(r.body, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("items") || !j["items"].is_array()) {
    return std::nullopt;
  }
  std::vector<T> out;
  for (const json& e : j["items"]) {
    auto d = decode(e);
    if (d.ok()) out.push_back(std::move(*d.value));
  }
  return out;
}

}  // namespace

// [SECTION] Board ------------------------------------------------------------------------------
std::string board_query(const BoardFilters& f) {
  static const char* kStatus[] = {"under_review", "planned", "in_progress",
                                  "beta",         "shipped", "declined"};
  std::string q = "/api/v1/items?limit=500&sort=" + f.sort;
  if (f.status_mask) {
    std::string list;
    for (int i = 0; i < 6; ++i) {
      if (f.status_mask & (1 << i)) list += (list.empty() ? "" : ",") + std::string(kStatus[i]);
    }
    q += "&status=" + url_encode(list);
  }
  if (!f.area.empty()) q += "&area=" + url_encode(f.area);
  if (f.release) q += "&release=" + std::to_string(f.release);
  if (f.tier >= 0) q += std::string("&tier=") + "ABC"[f.tier];
  if (f.mine) q += "&mine=1";
  return q;
}

void board_load(AppState& app) {
  BoardState& b = app.board;
  b.sent = b.filters;
  b.state = LoadState::loading;
  const int seq = ++b.seq;
  http_request("GET", board_query(b.filters), "", "", [&app, seq](HttpResponse r) {
    BoardState& bs = app.board;
    if (seq != bs.seq) return;  // the filters changed again meanwhile
    auto items = decode_list<Item>(r, [](const json& j) { return decode_item(j); });
    if (!items) {
      bs.state = LoadState::failed;
      return;
    }
    bs.items = std::move(*items);
    bs.state = LoadState::loaded;
  });
}

// [SECTION] Releases ---------------------------------------------------------------------------
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

// [SECTION] Customers --------------------------------------------------------------------------
void team_load(AppState& app) {
  if (app.team_state != LoadState::idle || !app_can(app, int(Action::list_customers))) return;
  app.team_state = LoadState::loading;
  http_request("GET", "/api/v1/team?limit=500", "", "", [&app](HttpResponse r) {
    auto list = decode_list<User>(r, [](const json& j) { return decode_user(j); });
    if (!list) {
      app.team_state = LoadState::failed;
      return;
    }
    for (const User& u : *list) app.team[u.id] = u.name;
    app.team_state = LoadState::loaded;
  });
}

std::string user_label(const AppState& app, const std::optional<Id>& id) {
  if (!id) return tr(Text::none_value);
  if (app.user && app.user->id == *id) return app.user->name + " (" + tr(Text::me) + ")";
  if (const auto it = app.team.find(*id); it != app.team.end()) return it->second;
  return "#" + std::to_string(*id);
}

void customers_load(AppState& app) {
  team_load(app);
  if (app.customers.state != LoadState::loaded) app.customers.state = LoadState::loading;
  http_request("GET", "/api/v1/customers?limit=500", "", "", [&app](HttpResponse r) {
    auto list = decode_list<Customer>(r, [](const json& j) { return decode_customer(j); });
    if (!list) {
      app.customers.state = LoadState::failed;
      return;
    }
    std::stable_sort(list->begin(), list->end(), [](const Customer& a, const Customer& b) {
      return a.annual_value.amount != b.annual_value.amount
                 ? a.annual_value.amount > b.annual_value.amount
                 : a.id < b.id;
    });
    app.customers.list = std::move(*list);
    app.customers.state = LoadState::loaded;
  });
}

void customer_open(AppState& app, Id id) {
  CustomersState& s = app.customers;
  s.open = id;
  s.items.clear();
  s.items_state = LoadState::loading;
  http_request("GET", "/api/v1/items?limit=500&sort=value&customer=" + std::to_string(id), "", "",
               [&app, id](HttpResponse r) {
                 CustomersState& st = app.customers;
                 if (st.open != id) return;
                 auto list = decode_list<Item>(r, [](const json& j) { return decode_item(j); });
                 st.items_state = list ? LoadState::loaded : LoadState::failed;
                 if (list) st.items = std::move(*list);
               });
}

// [SECTION] Insights ---------------------------------------------------------------------------
void insights_load(AppState& app) {
  if (app.insights.state != LoadState::loaded) app.insights.state = LoadState::loading;
  http_request("GET", "/api/v1/questions?state=answered&limit=500", "", "", [&app](HttpResponse r) {
    auto list = decode_list<Question>(r, [](const json& j) { return decode_question(j); });
    app.insights.state = list ? LoadState::loaded : LoadState::failed;
    if (list) app.insights.answered = std::move(*list);
  });
}

}  // namespace shipboard::client

// [SECTION] Editing releases and customers -------------------------------------------------------
namespace shipboard::client {
namespace {

void copy_text(char* dst, std::size_t n, const std::string& src) {
  std::strncpy(dst, src.c_str(), n - 1);
  dst[n - 1] = '\0';
}

// The release and customer forms, for the helpers below.
ReleaseEdit& release_form(AppState& app) { return app.releases.edit; }
CustomerEdit& customer_form(AppState& app) { return app.customers.edit; }

// PATCH a form's changes to `path` with If-Match `version`: a 200 stores the record and closes
// the form; a 412 (the server sends no `current` for these) fetches the record as it is now for
// the diff and re-apply; anything else keeps the form and shows the problem.
template <class Form, class Decode, class Store>
void send_patch(AppState& app, Form& (*form)(AppState&), const std::string& path,
                const std::string& body, std::int64_t version, Decode decode, Store store) {
  Form& e = form(app);
  e.saving = true;
  const Id id = e.id;
  http_request_if_match(
      "PATCH", path, body, app.csrf_token, "\"" + std::to_string(version) + "\"",
      [&app, form, path, id, decode, store](HttpResponse r) {
        Form& ed = form(app);
        if (ed.id != id) return;
        ed.saving = false;
        if (r.status == 200) {
          auto d = decode(json::parse(r.body, nullptr, false));
          if (d.ok()) store(app, *d.value);
          ed.id = 0;
          ed.conflict.reset();
          ed.saved_flash = true;
          app.animate_until_ms = now_ms() + 1600;
        } else if (r.status == 412) {
          http_request("GET", path, "", "", [&app, form, id, decode, store](HttpResponse g) {
            Form& e2 = form(app);
            auto d = decode(json::parse(g.body, nullptr, false));
            if (e2.id != id || g.status != 200 || !d.ok()) return;
            e2.conflict = *d.value;
            store(app, *d.value);
          });
        } else {
          ed.error = problem_text(r);
        }
      });
}

// POST a new record from a form; on 201 `created` gets the decoded record and the form closes,
// otherwise the form keeps what was typed and shows the server's reason.
template <class Form, class Record, class Decode, class Created>
void send_create(AppState& app, Form& (*form)(AppState&), const std::string& path,
                 const std::string& body, Decode decode, Created created) {
  Form& e = form(app);
  e.error.clear();
  e.saving = true;
  http_request("POST", path, body, app.csrf_token, [&app, form, decode, created](HttpResponse r) {
    Form& ed = form(app);
    if (ed.id != kNewRecord) return;  // cancelled meanwhile
    ed.saving = false;
    Decoded<Record> d = decode(json::parse(r.body, nullptr, false));
    if (r.status != 201 || !d.ok()) {
      ed.error = problem_text(r);
      return;
    }
    ed = Form{};
    ed.saved_flash = true;
    app.animate_until_ms = now_ms() + 1600;
    created(app, *d.value);
  });
}

// The release form's changes relative to `base`.
PatchRelease release_patch(const ReleaseEdit& e, const Release& base) {
  PatchRelease p;
  if (e.name != base.name) p.name = std::string(e.name);
  if (e.planned != base.planned_date) p.planned_date = std::string(e.planned);
  if (e.shipped != base.shipped_date) {
    p.shipped_date = e.shipped[0] ? std::optional<std::string>(e.shipped) : std::nullopt;
  }
  if (e.state != base.state) p.state = e.state;
  if (e.notes != base.notes) p.notes = std::string(e.notes);
  if (e.faq != base.faq) p.faq = std::string(e.faq);
  return p;
}

void fill_release(ReleaseEdit& e, const Release& r) {
  e.id = r.id;
  e.base = r;
  copy_text(e.name, sizeof e.name, r.name);
  copy_text(e.planned, sizeof e.planned, r.planned_date);
  copy_text(e.shipped, sizeof e.shipped, r.shipped_date);
  e.state = r.state;
  copy_text(e.notes, sizeof e.notes, r.notes);
  copy_text(e.faq, sizeof e.faq, r.faq);
}

void apply_release_patch(ReleaseEdit& e, const PatchRelease& p) {
  if (p.name) copy_text(e.name, sizeof e.name, *p.name);
  if (p.planned_date) copy_text(e.planned, sizeof e.planned, *p.planned_date);
  if (p.shipped_date) copy_text(e.shipped, sizeof e.shipped, p.shipped_date->value_or(""));
  if (p.state) e.state = *p.state;
  if (p.notes) copy_text(e.notes, sizeof e.notes, *p.notes);
  if (p.faq) copy_text(e.faq, sizeof e.faq, *p.faq);
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

// "1,200,000" -> 1200000 (whole currency units); false when it is not a whole number.
bool parse_whole(const char* text, std::int64_t* out) {
  std::int64_t v = 0;
  bool digits = false;
  for (const char* c = text; *c; ++c) {
    if (*c == ',' || *c == ' ') continue;
    if (*c < '0' || *c > '9' || v > (std::int64_t(1) << 50)) return false;
    v = v * 10 + (*c - '0');
    digits = true;
  }
  *out = v;
  return digits;
}

// The form's contact rows as the API's list (rows without a name are left out).
std::vector<Contact> form_contacts(const CustomerEdit& e) {
  std::vector<Contact> out;
  for (const ContactDraft& d : e.contacts) {
    if (d.name[0] == '\0') continue;
    out.push_back(Contact{d.name, d.title, d.role});
  }
  return out;
}

void fill_contacts(CustomerEdit& e, const std::vector<Contact>& contacts) {
  e.contacts.clear();
  for (const Contact& c : contacts) {
    ContactDraft d;
    copy_text(d.name, sizeof d.name, c.name);
    copy_text(d.title, sizeof d.title, c.title);
    d.role = c.role;
    e.contacts.push_back(d);
  }
}

PatchCustomer customer_patch(const CustomerEdit& e, const Customer& base) {
  PatchCustomer p;
  if (e.name != base.name) p.name = std::string(e.name);
  std::int64_t whole = 0;
  if (parse_whole(e.annual, &whole)) {
    const Money m{whole * 100, base.annual_value.currency};
    if (!(m == base.annual_value)) p.annual_value = m;
  }
  if (e.channel != base.channel) p.channel = e.channel;
  if (e.partner != base.partner_id.value_or(0)) {
    p.partner_id = e.partner ? std::optional<Id>(e.partner) : std::nullopt;
  }
  if (std::vector<Contact> contacts = form_contacts(e); contacts != base.contacts) {
    p.contacts = std::move(contacts);
  }
  return p;
}

void fill_customer(CustomerEdit& e, const Customer& c) {
  e.id = c.id;
  e.base = c;
  copy_text(e.name, sizeof e.name, c.name);
  copy_text(e.annual, sizeof e.annual, std::to_string(c.annual_value.amount / 100));
  e.channel = c.channel;
  e.partner = c.partner_id.value_or(0);
  fill_contacts(e, c.contacts);
}

void apply_customer_patch(CustomerEdit& e, const PatchCustomer& p) {
  if (p.name) copy_text(e.name, sizeof e.name, *p.name);
  if (p.annual_value)
    copy_text(e.annual, sizeof e.annual, std::to_string(p.annual_value->amount / 100));
  if (p.channel) e.channel = *p.channel;
  if (p.partner_id) e.partner = p.partner_id->value_or(0);
  if (p.contacts) fill_contacts(e, *p.contacts);
}

void store_customer(AppState& app, const Customer& c) {
  for (Customer& x : app.customers.list) {
    if (x.id == c.id) x = c;
  }
}

void send_customer_patch(AppState& app, const Customer& base) {
  CustomerEdit& e = app.customers.edit;
  const PatchCustomer patch = customer_patch(e, base);
  e.error.clear();
  if (patch.empty()) {
    e.id = 0;
    return;
  }
  send_patch(app, customer_form, "/api/v1/customers/" + std::to_string(e.id),
             to_json(patch).dump(), base.version, [](const json& j) { return decode_customer(j); },
             store_customer);
}

void send_release_create(AppState& app) {
  const ReleaseEdit& e = app.releases.edit;
  CreateRelease c;
  c.name = e.name;
  c.planned_date = e.planned;
  if (e.shipped[0]) c.shipped_date = std::string(e.shipped);
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

void send_customer_create(AppState& app, std::int64_t whole) {
  const CustomerEdit& e = app.customers.edit;
  CreateCustomer c;
  c.name = e.name;
  c.annual_value = Money{whole * 100, e.base.annual_value.currency};
  c.channel = e.channel;
  if (e.partner) c.partner_id = e.partner;
  c.contacts = form_contacts(e);
  send_create<CustomerEdit, Customer>(
      app, customer_form, "/api/v1/customers", to_json(c).dump(),
      [](const json& j) { return decode_customer(j); },
      [](AppState& a, const Customer& cu) {
        a.customers.list.push_back(cu);
        customer_open(a, cu.id);
      });
}

}  // namespace

std::string problem_text(const HttpResponse& r) {
  json j = json::parse(r.body, nullptr, false);
  std::string out = (j.is_object() && j.contains("detail") && j["detail"].is_string())
                        ? j["detail"].get<std::string>()
                        : "HTTP " + std::to_string(r.status);
  if (j.is_object() && j.contains("errors") && j["errors"].is_array()) {
    for (const json& e : j["errors"]) {
      if (e.is_object() && e.contains("field") && e["field"].is_string() && e.contains("message") &&
          e["message"].is_string()) {
        out += "; " + e["field"].get<std::string>() + ": " + e["message"].get<std::string>();
      }
    }
  }
  return out;
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

bool customer_may_edit(const AppState& app, const Customer& c) {
  return app.user && may_patch_customer(app.user->role_value, app.user->id, c);
}

void customer_edit_begin(AppState& app, const Customer& c) {
  CustomerEdit& e = app.customers.edit;
  e = CustomerEdit{};
  fill_customer(e, c);
}

void customer_create_begin(AppState& app) {
  CustomerEdit& e = app.customers.edit;
  e = CustomerEdit{};
  e.id = kNewRecord;
  // The board's currency: what the customers already on it are valued in.
  e.base.annual_value.currency =
      app.customers.list.empty() ? "CNY" : app.customers.list.front().annual_value.currency;
}

void customer_edit_save(AppState& app) {
  CustomerEdit& e = app.customers.edit;
  if (e.id == 0 || e.saving || e.conflict) return;
  std::int64_t whole = 0;
  if (!parse_whole(e.annual, &whole)) {
    e.error = tr(Text::annual_value_invalid);
    return;
  }
  if (e.id == kNewRecord) return send_customer_create(app, whole);
  send_customer_patch(app, e.base);
}

void customer_edit_reapply(AppState& app) {
  CustomerEdit& e = app.customers.edit;
  if (!e.conflict) return;
  const PatchCustomer mine = customer_patch(e, e.base);
  const Customer now = *e.conflict;
  e.conflict.reset();
  fill_customer(e, now);
  apply_customer_patch(e, mine);
  send_customer_patch(app, now);
}

}  // namespace shipboard::client
