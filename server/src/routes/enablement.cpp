// The enablement pack of a release (what each rep tells which customer now that it shipped,
// in the customer's language, with whom to tell first) and the re-tell prompts (told entries
// that went stale). The store gathers the rows; the core's enablement rules choose the text.
#include <algorithm>
#include <map>

#include "routes/route.hpp"
#include "shipboard/enablement.hpp"
#include "shipboard/workflow.hpp"

namespace shipboard::server {
namespace {

void get_enablement(App& app, const Principal& p, const Req& req, Res& res);
void get_retell(App& app, const Principal& p, const Req& req, Res& res);

constexpr Route kRoutes[] = {
    {Method::get, "/api/v1/releases/:id/enablement", "get_enablement", get_enablement,
     reads(Action::read_enablement)},
    {Method::get, "/api/v1/me/retell", "get_retell", get_retell, reads(Action::read_enablement)},
};

constexpr int kMaxRetell = 200;

using nlohmann::json;

json pack_item_json(const store::EnablementPack& pack, const store::PackCustomer& pc,
                    const Item& item, const std::vector<LibraryAnswer>& library) {
  const LangText text = answer_for_lang(item, pc.customer.lang);
  json faq = json::array();
  for (const auto& e : faq_for_lang(library, pc.customer.lang))
    faq.push_back({{"id", e.id}, {"title", e.title}, {"body", e.body}, {"lang", e.lang}});
  const auto told = pack.latest_told.find({pc.customer.id, item.id});
  const bool has_told = told != pack.latest_told.end();
  const bool current = has_told && !told_stale(told->second, item);
  const bool requested =
      std::find(pc.requested.begin(), pc.requested.end(), item.id) != pc.requested.end();
  return {{"item_id", item.id},
          {"title", item.title},
          {"status", to_string(item.status)},
          {"text", text.text},
          {"lang", text.lang},
          {"fell_back", text.fell_back},
          {"fallback_from", text.fallback_from ? json(*text.fallback_from) : json(nullptr)},
          {"faq", std::move(faq)},
          {"requested", requested},
          {"told", current},
          {"told_at", current ? json(told->second.created_at) : json(nullptr)},
          {"retell", has_told && !current}};
}

void get_enablement(App& app, const Principal& p, const Req& req, Res& res) {
  auto id = path_id(req, res);
  if (!id) return;
  const bool coverage = may_see_pack_coverage(p.role);
  auto r = app.store().enablement_pack(*id, p.user.id, coverage);
  if (!store_ok(r, res)) return;
  const store::EnablementPack& pack = *r.value;
  std::map<Id, const Item*> items;
  for (const auto& it : pack.items) items[it.id] = &it;
  std::map<Id, std::vector<LibraryAnswer>> library;
  for (const auto& e : pack.library)
    if (e.item_id) library[*e.item_id].push_back(e);

  json customers = json::array();
  for (const auto& pc : pack.customers) {
    const Customer& cu = pc.customer;
    json contacts = json::array();
    for (const auto& k : contacts_in_telling_order(cu.contacts)) contacts.push_back(to_json(k));
    json entries = json::array();
    for (Id item : pc.items)
      entries.push_back(pack_item_json(pack, pc, *items.at(item), library[item]));
    customers.push_back(
        {{"customer",
          {{"id", cu.id},
           {"name", cu.name},
           {"lang", cu.lang},
           {"tier", to_string(cu.tier)},
           {"annual_value", to_json(cu.annual_value)}}},
         {"via_partner", pc.via_partner ? json{{"id", pc.via_partner->id},
                                               {"name", pc.via_partner->name}}
                                        : json(nullptr)},
         {"contacts", std::move(contacts)},
         {"items", std::move(entries)}});
  }
  const Release& rel = pack.release;
  json body{{"release",
             {{"id", rel.id},
              {"name", rel.name},
              {"state", to_string(rel.state)},
              {"notes", rel.notes},
              {"faq", rel.faq},
              {"shipped_date", rel.shipped_date.empty() ? json(nullptr) : json(rel.shipped_date)}}},
            {"customers", std::move(customers)},
            {"truncated", pack.truncated}};
  if (coverage) {
    json rows = json::array();
    for (const auto& c : pack.coverage)
      rows.push_back({{"user_id", c.user_id},
                      {"name", c.name},
                      {"customers_to_tell", c.customers_to_tell},
                      {"told", c.told},
                      {"not_yet_told", c.not_yet_told}});
    body["coverage"] = std::move(rows);
  }
  send_json(res, 200, body);
}

void get_retell(App& app, const Principal& p, const Req&, Res& res) {
  const auto r = app.store().retell(p.user.id, kMaxRetell);
  json items = json::array();
  for (const auto& e : r.items) items.push_back(retell_json(e.told, e.customer_name, e.item));
  send_json(res, 200, {{"count", r.count}, {"items", std::move(items)}});
}

}  // namespace

std::span<const Route> enablement_routes() {
  return kRoutes;
}

}  // namespace shipboard::server
