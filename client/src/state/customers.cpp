// Customers: the list by annual value, a customer's requests, and editing a customer (a PM any,
// sales their own) with the same If-Match / 412 / 422 handling as releases, or a new one.
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
#include "shipboard/url.hpp"

namespace shipboard::client {
namespace {

using nlohmann::json;

CustomerEdit& customer_form(AppState& app) { return app.customers.edit; }

// The form's contact rows as the API's list (rows without a name are left out).
std::vector<Contact> form_contacts(const CustomerEdit& e) {
  std::vector<Contact> out;
  for (const ContactDraft& d : e.contacts) {
    if (d.name.empty()) continue;
    out.push_back(Contact{d.name, d.title, d.role});
  }
  return out;
}

void fill_contacts(CustomerEdit& e, const std::vector<Contact>& contacts) {
  e.contacts.clear();
  for (const Contact& c : contacts) {
    ContactDraft d;
    d.name = c.name;
    d.title = c.title;
    d.role = c.role;
    e.contacts.push_back(d);
  }
}

PatchCustomer customer_patch(const CustomerEdit& e, const Customer& base) {
  PatchCustomer p;
  if (e.name != base.name) p.name = std::string(e.name);
  std::int64_t whole = 0;
  if (parse_whole_units(e.annual.c_str(), &whole)) {
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
  e.name = c.name;
  e.annual = std::to_string(c.annual_value.amount / 100);
  e.channel = c.channel;
  e.partner = c.partner_id.value_or(0);
  fill_contacts(e, c.contacts);
}

void apply_customer_patch(CustomerEdit& e, const PatchCustomer& p) {
  if (p.name) e.name = *p.name;
  if (p.annual_value)
    e.annual = std::to_string(p.annual_value->amount / 100);
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

bool parse_whole_units(const char* text, std::int64_t* out) {
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
  if (!parse_whole_units(e.annual.c_str(), &whole)) {
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
