// Customers in SQLite: create and patch (with If-Match) with tiers and demand recomputed in the
// same transaction, since a customer's value weighs every item they asked for.
#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "shipboard/codec.hpp"
#include "shipboard/demand.hpp"
#include "shipboard/permissions.hpp"
#include "shipboard/utf8.hpp"
#include "shipboard/workflow.hpp"
#include "store/rows.hpp"
#include "store/sqlite_store.hpp"

namespace shipboard::store {
namespace {

using nlohmann::json;

std::string contacts_json(const std::vector<Contact>& contacts) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& k : contacts)
    arr.push_back({{"name", k.name}, {"title", k.title}, {"role", to_string(k.role)}});
  return arr.dump();
}

std::optional<Customer> read_customer(db::Connection& c, Id id) {
  return by_id<Customer>(c, rows::kCustomerColumns, "customers", id, rows::customer);
}

// References of a customer that the schema cannot fully check: the owner is a user, the
// partner an existing customer other than itself.
FieldErrors customer_refs(db::Connection& c, const Customer& cu, bool check_owner,
                          bool check_partner) {
  FieldErrors errors;
  if (check_owner && cu.owner_id && !exists(c, "users", *cu.owner_id))
    errors.push_back({"owner_id", "no such user"});
  if (check_partner && cu.partner_id) {
    if (*cu.partner_id == cu.id)
      errors.push_back({"partner_id", "a customer cannot be its own partner"});
    else if (!exists(c, "customers", *cu.partner_id))
      errors.push_back({"partner_id", "no such customer"});
  }
  return errors;
}

nlohmann::json customer_event_data(const Customer& cu) {
  // Never public: restricted audiences get no customer events at all.
  return {{"name", cu.name},
          {"channel", to_string(cu.channel)},
          {"tier", to_string(cu.tier)},
          {"annual_value", to_json(cu.annual_value)}};
}

}  // namespace

Result<Page<Customer>> SqliteStore::list_customers(int limit, const std::string& cursor,
                                                   std::optional<Id> owner_id) {
  auto c = pool_->reader();
  return id_page<Customer>(*c, rows::kCustomerColumns, "customers", "owner_id", owner_id, limit,
                           cursor, rows::customer);
}

std::optional<Customer> SqliteStore::customer(Id id) {
  auto c = pool_->reader();
  return read_customer(*c, id);
}

Result<Customer> SqliteStore::create_customer(const Actor& actor, const CreateCustomer& cmd,
                                              const std::string& now) {
  auto made = make_customer(cmd, 0, actor.user_id, now);
  if (!made.ok())
    return Result<Customer>::fail(Outcome::invalid, "the customer is not valid", made.errors);
  Customer cu = *made.value;
  auto c = pool_->writer();
  db::Transaction tx(*c);
  if (auto errors = customer_refs(*c, cu, true, true); !errors.empty())
    return Result<Customer>::fail(Outcome::invalid, "the customer refers to unknown records",
                                  std::move(errors));
  c->prepare(
       "INSERT INTO customers(name, value_amount, value_currency, tier, channel, "
       "partner_id, owner_id, contacts, version, created_at, updated_at, lang) "
       "VALUES (?1,?2,?3,'C',?4,?5,?6,?7,1,?8,?8,?9)")
      .bind(1, cu.name)
      .bind(2, cu.annual_value.amount)
      .bind(3, cu.annual_value.currency)
      .bind(4, to_string(cu.channel))
      .bind(5, cu.partner_id)
      .bind(6, cu.owner_id)
      .bind(7, contacts_json(cu.contacts))
      .bind(8, now)
      .bind(9, cu.lang)
      .run();
  Id id = c->last_insert_rowid();
  recompute_derived(*c);  // tiers of every customer, demand of every item
  auto stored = read_customer(*c, id);
  append_event(*c, EventType::customer_created, "customer", id, now, actor.user_id,
               customer_event_data(*stored));
  tx.commit();
  notify_written();
  return Result<Customer>::ok(std::move(*stored));
}

Result<Customer> SqliteStore::patch_customer(const Actor& actor, Id id, std::int64_t if_match,
                                             const PatchCustomer& cmd, const std::string& now) {
  auto c = pool_->writer();
  db::Transaction tx(*c);
  auto cur = read_customer(*c, id);
  if (!cur) return Result<Customer>::fail(Outcome::not_found, "no such customer");
  if (!may_patch_customer(actor.role, actor.user_id, *cur))
    return Result<Customer>::fail(Outcome::forbidden, "sales may change only their own customers");
  if (cur->version != if_match)
    return Result<Customer>::fail(
        Outcome::precondition_failed,
        "the customer changed since you read it (version " + std::to_string(cur->version) + ")");
  auto next = apply_patch(*cur, cmd, now);
  if (!next.ok())
    return Result<Customer>::fail(Outcome::invalid, "the customer is not valid", next.errors);
  Customer cu = *next.value;
  if (cu.version == cur->version) return Result<Customer>::ok(std::move(cu));  // no change
  bool owner_changed = cmd.owner_id && *cmd.owner_id;
  bool partner_changed = cmd.partner_id && *cmd.partner_id;
  if (auto errors = customer_refs(*c, cu, owner_changed, partner_changed); !errors.empty())
    return Result<Customer>::fail(Outcome::invalid, "the customer refers to unknown records",
                                  std::move(errors));
  c->prepare(
       "UPDATE customers SET name = ?1, value_amount = ?2, value_currency = ?3, "
       "channel = ?4, partner_id = ?5, owner_id = ?6, contacts = ?7, version = ?8, "
       "updated_at = ?9, lang = ?11 WHERE id = ?10")
      .bind(1, cu.name)
      .bind(2, cu.annual_value.amount)
      .bind(3, cu.annual_value.currency)
      .bind(4, to_string(cu.channel))
      .bind(5, cu.partner_id)
      .bind(6, cu.owner_id)
      .bind(7, contacts_json(cu.contacts))
      .bind(8, cu.version)
      .bind(9, cu.updated_at)
      .bind(10, id)
      .bind(11, cu.lang)
      .run();
  recompute_derived(*c);
  auto stored = read_customer(*c, id);
  nlohmann::json data = customer_event_data(*stored);
  nlohmann::json fields = nlohmann::json::array();
  changed(fields, "name", cur->name, cu.name);
  changed(fields, "annual_value", cur->annual_value, cu.annual_value);
  changed(fields, "channel", cur->channel, cu.channel);
  changed(fields, "partner_id", cur->partner_id, cu.partner_id);
  changed(fields, "owner_id", cur->owner_id, cu.owner_id);
  changed(fields, "contacts", cur->contacts, cu.contacts);
  changed(fields, "lang", cur->lang, cu.lang);
  data["fields"] = fields;
  if (cur->tier != stored->tier)
    data["tier_change"] = {{"from", to_string(cur->tier)}, {"to", to_string(stored->tier)}};
  append_event(*c, EventType::customer_updated, "customer", id, now, actor.user_id, data);
  tx.commit();
  notify_written();
  return Result<Customer>::ok(std::move(*stored));
}

}  // namespace shipboard::store
