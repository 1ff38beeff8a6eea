// The CRM import and export in SQLite (issue 15, part 4): every row of a CSV is validated with
// the core's rules and words (crm_import.hpp, workflow.hpp) against what the board holds, and
// written in one transaction, or not at all when any row is refused. A dry run takes the same
// path on a reader and writes nothing. Also the saved column mappings, the finished import
// jobs, and the rows of an export (which an import reads back unchanged).
#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "shipboard/crm_import.hpp"
#include "shipboard/json_reader.hpp"
#include "shipboard/utf8.hpp"
#include "shipboard/workflow.hpp"
#include "store/rows.hpp"
#include "store/sqlite_store.hpp"

namespace shipboard::store {
namespace {

using nlohmann::json;

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

std::optional<Id> parse_id(const std::string& s) {
  if (s.empty() || s.size() > 18) return std::nullopt;
  Id v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v > 0 ? std::optional<Id>(v) : std::nullopt;
}

std::string contacts_json(const std::vector<Contact>& contacts) {
  json arr = json::array();
  for (const auto& k : contacts)
    arr.push_back({{"name", k.name}, {"title", k.title}, {"role", to_string(k.role)}});
  return arr.dump();
}

// The cells of one row by field (trimmed, formula apostrophe taken off); absent fields "".
class RowCells {
 public:
  RowCells(const std::vector<std::string>& fields, const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < fields.size() && i < row.size(); ++i)
      if (!fields[i].empty()) cells_[fields[i]] = trim(unneutralise_cell(row[i]));
    for (const auto& f : fields)
      if (!f.empty()) present_.insert(f);
  }
  const std::string& get(const std::string& field) const {
    static const std::string kEmpty;
    auto it = cells_.find(field);
    return it == cells_.end() ? kEmpty : it->second;
  }
  bool has(const std::string& field) const { return !get(field).empty(); }

 private:
  std::unordered_map<std::string, std::string> cells_;
  std::unordered_set<std::string> present_;
};

// What the run collects: counts, the capped lists, and the refused rows.
struct Collector {
  ImportReport report;
  void issue(std::int64_t row, std::string column, std::string reason) {
    ++report.errors_total;
    if (report.errors.size() < kImportListCap)
      report.errors.push_back({row, std::move(column), std::move(reason)});
  }
  void action(std::int64_t row, const char* what, std::string key, std::string name) {
    std::string a = what;
    if (a == "create") ++report.created;
    if (a == "update") ++report.updated;
    if (a == "refuse") ++report.refused;
    if (report.preview.size() < kImportListCap)
      report.preview.push_back({row, std::move(a), std::move(key), std::move(name)});
  }
};

// Text checks shared by every kind: at most `max` code points.
bool too_long(const std::string& s, std::size_t max) {
  return utf8_length(s) > max;
}

// Customers of the board as an import looks them up: by external id, by name, by id.
struct CustomerIndex {
  std::unordered_map<std::string, Id> by_external;
  std::unordered_map<std::string, std::vector<Id>> by_name;
  std::unordered_map<Id, std::string> external_of;
  std::unordered_set<Id> ids;
  void add(Id id, const std::string& name, const std::optional<std::string>& ext) {
    ids.insert(id);
    by_name[name].push_back(id);
    if (ext && !ext->empty()) {
      by_external[*ext] = id;
      external_of[id] = *ext;
    }
  }
  void rename(Id id, const std::string& from, const std::string& to) {
    if (from == to) return;
    auto& v = by_name[from];
    v.erase(std::remove(v.begin(), v.end(), id), v.end());
    by_name[to].push_back(id);
  }
  // A reference by external id, else by a unique name. `error` says why not.
  std::optional<Id> find(const std::string& ref, std::string& error) const {
    if (auto it = by_external.find(ref); it != by_external.end()) return it->second;
    auto it = by_name.find(ref);
    if (it == by_name.end() || it->second.empty()) {
      error = "no customer with external id or name '" + ref + "'";
      return std::nullopt;
    }
    if (it->second.size() > 1) {
      error = "more than one customer is named '" + ref + "'; use the external id";
      return std::nullopt;
    }
    return it->second.front();
  }
};

CustomerIndex load_customers(db::Connection& c) {
  CustomerIndex idx;
  auto st = c.prepare("SELECT id, name, external_id FROM customers");
  while (st.step()) idx.add(st.int64(0), st.text(1), st.opt_text(2));
  return idx;
}

std::unordered_map<std::string, Id> load_logins(db::Connection& c) {
  std::unordered_map<std::string, Id> out;
  auto st = c.prepare("SELECT login, id FROM users");
  while (st.step()) out[st.text(0)] = st.int64(1);
  return out;
}

// Items by id (with where they were merged) and open items by exact title.
struct ItemIndex {
  std::unordered_map<Id, std::optional<Id>> merged_into;
  std::unordered_map<std::string, std::vector<Id>> by_title;
  std::optional<Id> find_title(const std::string& title, std::string& error) const {
    auto it = by_title.find(title);
    if (it == by_title.end() || it->second.empty()) {
      error = "no item titled '" + title + "'";
      return std::nullopt;
    }
    if (it->second.size() > 1) {
      error = "more than one item is titled '" + title + "'; use item_id";
      return std::nullopt;
    }
    return it->second.front();
  }
};

ItemIndex load_items(db::Connection& c) {
  ItemIndex idx;
  auto st = c.prepare("SELECT id, title, merged_into FROM items");
  while (st.step()) {
    Id id = st.int64(0);
    auto merged = st.opt_int64(2);
    idx.merged_into[id] = merged;
    if (!merged) idx.by_title[st.text(1)].push_back(id);
  }
  return idx;
}

std::optional<Customer> read_customer(db::Connection& c, Id id) {
  return by_id<Customer>(c, rows::kCustomerColumns, "customers", id, rows::customer);
}

std::string lang_of(const std::string& s) {
  std::string l;
  for (char ch : s) l += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  std::replace(l.begin(), l.end(), '_', '-');
  if (l == "zh-hant" || l == "zh-tw" || l == "zh-hk") return "zh-Hant";
  if (l == "zh-hans" || l == "zh-cn" || l == "zh-sg") return "zh-Hans";
  if (l == "en" || l.rfind("en-", 0) == 0) return "en";
  return "";
}

// The column a core field error belongs to.
std::string customer_column(const std::string& field) {
  if (field == "partner_id") return "partner";
  if (field == "owner_id") return "owner";
  return field;
}

// [SECTION] customers
void import_customers(db::Connection& c, bool write, const Actor& actor, const ImportRows& in,
                      Collector& out, const std::function<void(std::int64_t)>& progress,
                      const std::string& now) {
  CustomerIndex idx = load_customers(c);
  auto logins = load_logins(c);
  std::unordered_map<std::string, std::int64_t> seen_keys;  // key -> row it was first in
  Id pending = 0;                                           // dry run: ids of new customers
  for (std::size_t r = 0; r < in.rows.size(); ++r) {
    if (r % 256 == 0 && progress) progress(static_cast<std::int64_t>(r));
    const std::int64_t row = in.row_numbers[r];
    RowCells cell(in.fields, in.rows[r]);
    std::vector<ImportIssue> issues;
    auto refuse = [&](std::string column, std::string reason) {
      issues.push_back({row, std::move(column), std::move(reason)});
    };
    const std::string& ext = cell.get("external_id");
    const std::string& name = cell.get("name");
    std::string key = !ext.empty() ? ext : cell.get("id");
    // Which customer this row is.
    std::optional<Id> target;
    if (!ext.empty()) {
      if (too_long(ext, limits::kShortText)) refuse("external_id", "longer than 200 characters");
      if (auto it = idx.by_external.find(ext); it != idx.by_external.end()) target = it->second;
    }
    if (!target && cell.has("id")) {
      auto id = parse_id(cell.get("id"));
      if (!id)
        refuse("id", "not an id: '" + cell.get("id") + "'");
      else if (!idx.ids.count(*id))
        refuse("id", "no customer #" + cell.get("id"));
      else if (!ext.empty() && idx.external_of.count(*id) && idx.external_of[*id] != ext)
        refuse("external_id", "customer #" + cell.get("id") + " has external id '" +
                                  idx.external_of[*id] + "'");
      else
        target = *id;
    }
    if (!target && ext.empty() && !cell.has("id") && !name.empty()) {
      auto it = idx.by_name.find(name);
      if (it != idx.by_name.end() && it->second.size() == 1)
        target = it->second.front();
      else if (it != idx.by_name.end() && it->second.size() > 1)
        refuse("name", "more than one customer is named '" + name + "'; add external_id or id");
    }
    if (key.empty()) key = name;
    if (!key.empty()) {
      auto [it, fresh] = seen_keys.emplace(key, row);
      if (!fresh)
        refuse(!ext.empty() ? "external_id" : (cell.has("id") ? "id" : "name"),
               "'" + key + "' is also in row " + std::to_string(it->second));
    }
    // The values.
    std::optional<Money> value;
    if (cell.has("annual_value")) {
      auto a = parse_amount_text(cell.get("annual_value"), cell.get("currency"));
      if (!a.money)
        refuse("annual_value", a.error);
      else
        value = a.money;
    } else if (cell.has("currency")) {
      if (!parse_currency_word(cell.get("currency")))
        refuse("currency", "not a currency: '" + cell.get("currency") + "'");
    }
    std::optional<Channel> channel;
    if (cell.has("channel")) {
      channel = parse_channel_word(cell.get("channel"));
      if (!channel) refuse("channel", "not a channel: '" + cell.get("channel") + "' (direct, partner)");
    }
    std::optional<Id> partner;
    if (cell.has("partner")) {
      std::string why;
      partner = idx.find(cell.get("partner"), why);
      if (!partner) refuse("partner", why);
      if (!channel) channel = Channel::partner;
    }
    std::optional<Id> owner;
    if (cell.has("owner")) {
      auto it = logins.find(cell.get("owner"));
      if (it == logins.end())
        refuse("owner", "no user with login '" + cell.get("owner") + "'");
      else
        owner = it->second;
    }
    std::optional<std::string> lang;
    if (cell.has("lang")) {
      lang = lang_of(cell.get("lang"));
      if (lang->empty()) refuse("lang", "not a language: '" + cell.get("lang") + "' (zh-Hant, zh-Hans, en)");
    }
    std::optional<std::vector<Contact>> contacts;
    if (cell.has("contacts")) {
      auto k = parse_contacts_text(cell.get("contacts"));
      if (!k.error.empty())
        refuse("contacts", k.error);
      else
        contacts = k.contacts;
    }
    if (!name.empty() && too_long(name, limits::kShortText)) refuse("name", "longer than 200 characters");
    if (!target) {
      if (name.empty()) refuse("name", "a new customer needs a name");
      if (!value && !cell.has("annual_value") && issues.empty())
        refuse("annual_value", "a new customer needs an annual value");
    }
    if (!issues.empty()) {
      for (auto& i : issues) out.issue(i.row, i.column, i.reason);
      out.action(row, "refuse", key, name);
      continue;
    }
    if (!target) {
      CreateCustomer cmd;
      cmd.name = name;
      cmd.annual_value = *value;
      cmd.channel = channel.value_or(Channel::direct);
      cmd.partner_id = partner;
      cmd.owner_id = owner;
      cmd.contacts = contacts.value_or(std::vector<Contact>{});
      cmd.lang = lang;
      auto made = make_customer(cmd, 0, 0, now);
      if (!made.ok()) {
        for (const auto& e : made.errors) out.issue(row, customer_column(e.field), e.message);
        out.action(row, "refuse", key, name);
        continue;
      }
      Customer cu = *made.value;
      if (cu.owner_id && *cu.owner_id == 0) cu.owner_id.reset();
      Id id = 0;
      if (write) {
        c.prepare(
             "INSERT INTO customers(name, value_amount, value_currency, tier, channel, "
             "partner_id, owner_id, contacts, version, created_at, updated_at, lang, external_id) "
             "VALUES (?1,?2,?3,'C',?4,?5,?6,?7,1,?8,?8,?9,?10)")
            .bind(1, cu.name)
            .bind(2, cu.annual_value.amount)
            .bind(3, cu.annual_value.currency)
            .bind(4, to_string(cu.channel))
            .bind(5, cu.partner_id)
            .bind(6, cu.owner_id)
            .bind(7, contacts_json(cu.contacts))
            .bind(8, now)
            .bind(9, cu.lang)
            .bind(10, ext.empty() ? std::nullopt : std::optional<std::string>(ext))
            .run();
        id = c.last_insert_rowid();
      } else {
        id = --pending;  // not written: a stand-in id for references later in the file
      }
      idx.add(id, cu.name, ext.empty() ? std::nullopt : std::optional<std::string>(ext));
      out.action(row, "create", key, cu.name);
      continue;
    }
    // An update: only the cells given change the customer.
    Id id = *target;
    if (id < 0) {  // created earlier in this dry run: it would be updated the same way
      out.action(row, "update", key, name);
      continue;
    }
    auto cur = read_customer(c, id);
    if (!cur) {
      out.issue(row, "id", "no customer #" + std::to_string(id));
      out.action(row, "refuse", key, name);
      continue;
    }
    PatchCustomer p;
    if (!name.empty()) p.name = name;
    if (value) p.annual_value = value;
    if (channel) p.channel = channel;
    if (partner) p.partner_id = std::optional<Id>(*partner);
    if (owner) p.owner_id = std::optional<Id>(*owner);
    if (contacts) p.contacts = contacts;
    if (lang) p.lang = lang;
    if (partner && *partner == id) {
      out.issue(row, "partner", "a customer cannot be its own partner");
      out.action(row, "refuse", key, cur->name);
      continue;
    }
    auto next = apply_patch(*cur, p, now);
    if (!next.ok()) {
      for (const auto& e : next.errors) out.issue(row, customer_column(e.field), e.message);
      out.action(row, "refuse", key, cur->name);
      continue;
    }
    const Customer& cu = *next.value;
    const bool ext_changed = !ext.empty() && (!idx.external_of.count(id) || idx.external_of[id] != ext);
    if (write && (cu.version != cur->version || ext_changed)) {
      c.prepare(
           "UPDATE customers SET name = ?1, value_amount = ?2, value_currency = ?3, channel = ?4, "
           "partner_id = ?5, owner_id = ?6, contacts = ?7, version = ?8, updated_at = ?9, "
           "lang = ?10, external_id = coalesce(?11, external_id) WHERE id = ?12")
          .bind(1, cu.name)
          .bind(2, cu.annual_value.amount)
          .bind(3, cu.annual_value.currency)
          .bind(4, to_string(cu.channel))
          .bind(5, cu.partner_id)
          .bind(6, cu.owner_id)
          .bind(7, contacts_json(cu.contacts))
          .bind(8, cu.version == cur->version ? cur->version + 1 : cu.version)
          .bind(9, now)
          .bind(10, cu.lang)
          .bind(11, ext.empty() ? std::nullopt : std::optional<std::string>(ext))
          .bind(12, id)
          .run();
    }
    if (ext_changed) {
      idx.by_external[ext] = id;
      idx.external_of[id] = ext;
    }
    idx.rename(id, cur->name, cu.name);
    out.action(row, "update", key, cu.name);
  }
  (void)actor;
}

// [SECTION] requests
void import_requests(db::Connection& c, bool write, const Actor& actor, const ImportRows& in,
                     Collector& out, const std::function<void(std::int64_t)>& progress,
                     const std::string& now) {
  CustomerIndex customers = load_customers(c);
  ItemIndex items = load_items(c);
  // (customer, item) -> request: a row without an id updates the customer's request for it.
  std::map<std::pair<Id, Id>, Id> existing;
  std::unordered_map<Id, std::pair<Id, Id>> request_of;
  {
    auto st = c.prepare("SELECT id, customer_id, item_id FROM requests ORDER BY id");
    while (st.step()) {
      existing.emplace(std::make_pair(st.int64(1), st.int64(2)), st.int64(0));
      request_of[st.int64(0)] = {st.int64(1), st.int64(2)};
    }
  }
  std::map<std::pair<Id, Id>, std::int64_t> seen;  // (customer, item) -> first row
  for (std::size_t r = 0; r < in.rows.size(); ++r) {
    if (r % 256 == 0 && progress) progress(static_cast<std::int64_t>(r));
    const std::int64_t row = in.row_numbers[r];
    RowCells cell(in.fields, in.rows[r]);
    std::vector<ImportIssue> issues;
    auto refuse = [&](std::string column, std::string reason) {
      issues.push_back({row, std::move(column), std::move(reason)});
    };
    std::optional<Id> customer;
    std::string customer_key;
    if (cell.has("customer_external_id")) {
      customer_key = cell.get("customer_external_id");
      auto it = customers.by_external.find(customer_key);
      if (it == customers.by_external.end())
        refuse("customer_external_id", "no customer with external id '" + customer_key + "'");
      else
        customer = it->second;
    } else if (cell.has("customer")) {
      customer_key = cell.get("customer");
      std::string why;
      customer = customers.find(customer_key, why);
      if (!customer) refuse("customer", why);
    } else {
      refuse("customer", "a request needs customer_external_id or customer");
    }
    std::optional<Id> item;
    std::string item_key;
    if (cell.has("item_id")) {
      item_key = cell.get("item_id");
      auto id = parse_id(item_key);
      auto it = id ? items.merged_into.find(*id) : items.merged_into.end();
      if (!id)
        refuse("item_id", "not an id: '" + item_key + "'");
      else if (it == items.merged_into.end())
        refuse("item_id", "no item #" + item_key);
      else if (it->second)
        refuse("item_id", "item #" + item_key + " was merged into #" + std::to_string(*it->second));
      else
        item = *id;
    } else if (cell.has("item_title")) {
      item_key = cell.get("item_title");
      std::string why;
      item = items.find_title(item_key, why);
      if (!item) refuse("item_title", why);
    } else {
      refuse("item_title", "a request needs item_id or item_title");
    }
    Importance importance = Importance::nice;
    if (cell.has("importance")) {
      auto i = parse_importance_word(cell.get("importance"));
      if (!i)
        refuse("importance", "not an importance: '" + cell.get("importance") +
                                 "' (nice, important, blocker, 一般, 重要, 阻斷)");
      else
        importance = *i;
    }
    Money value{0, "CNY"};
    if (cell.has("value_at_stake")) {
      auto a = parse_amount_text(cell.get("value_at_stake"), cell.get("currency"));
      if (!a.money)
        refuse("value_at_stake", a.error);
      else
        value = *a.money;
    } else if (cell.has("currency")) {
      if (auto code = parse_currency_word(cell.get("currency")))
        value.currency = *code;
      else
        refuse("currency", "not a currency: '" + cell.get("currency") + "'");
    }
    const std::string& quote = cell.get("quote");
    if (too_long(quote, limits::kLongText)) refuse("quote", "longer than 20000 characters");
    std::optional<Id> target;
    if (cell.has("id")) {
      auto id = parse_id(cell.get("id"));
      auto it = id ? request_of.find(*id) : request_of.end();
      if (!id)
        refuse("id", "not an id: '" + cell.get("id") + "'");
      else if (it == request_of.end())
        refuse("id", "no request #" + cell.get("id"));
      else if (customer && item && it->second != std::make_pair(*customer, *item))
        refuse("id", "request #" + cell.get("id") + " is another customer's or item's");
      else
        target = *id;
    }
    if (customer && item && !cell.has("id")) {
      auto [it, fresh] = seen.emplace(std::make_pair(*customer, *item), row);
      if (!fresh)
        refuse(cell.has("item_id") ? "item_id" : "item_title",
               "this customer's request for this item is also in row " + std::to_string(it->second));
      if (!target)
        if (auto e = existing.find({*customer, *item}); e != existing.end()) target = e->second;
    }
    const std::string key = customer_key + " / " + item_key;
    if (!issues.empty()) {
      for (auto& i : issues) out.issue(i.row, i.column, i.reason);
      out.action(row, "refuse", key, item_key);
      continue;
    }
    if (target) {
      if (write)
        c.prepare(
             "UPDATE requests SET importance = ?2, value_amount = ?3, value_currency = ?4, "
             "quote = ?5 WHERE id = ?1")
            .bind(1, *target)
            .bind(2, to_string(importance))
            .bind(3, value.amount)
            .bind(4, value.currency)
            .bind(5, quote)
            .run();
      out.action(row, "update", key, item_key);
      continue;
    }
    if (write)
      c.prepare(
           "INSERT INTO requests(item_id, customer_id, created_by, importance, value_amount, "
           "value_currency, quote, created_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)")
          .bind(1, *item)
          .bind(2, *customer)
          .bind(3, actor.user_id)
          .bind(4, to_string(importance))
          .bind(5, value.amount)
          .bind(6, value.currency)
          .bind(7, quote)
          .bind(8, now)
          .run();
    out.action(row, "create", key, item_key);
  }
}

// [SECTION] items
void import_items(db::Connection& c, bool write, const Actor& actor, const ImportRows& in,
                  Collector& out, const std::function<void(std::int64_t)>& progress,
                  const std::string& now) {
  ItemIndex idx = load_items(c);
  Id next = next_id(c, "items");
  std::unordered_map<std::string, std::int64_t> seen;
  for (std::size_t r = 0; r < in.rows.size(); ++r) {
    if (r % 256 == 0 && progress) progress(static_cast<std::int64_t>(r));
    const std::int64_t row = in.row_numbers[r];
    RowCells cell(in.fields, in.rows[r]);
    std::vector<ImportIssue> issues;
    auto refuse = [&](std::string column, std::string reason) {
      issues.push_back({row, std::move(column), std::move(reason)});
    };
    const std::string& title = cell.get("title");
    std::optional<Id> target;
    if (cell.has("id")) {
      auto id = parse_id(cell.get("id"));
      auto it = id ? idx.merged_into.find(*id) : idx.merged_into.end();
      if (!id)
        refuse("id", "not an id: '" + cell.get("id") + "'");
      else if (it == idx.merged_into.end())
        refuse("id", "no item #" + cell.get("id"));
      else if (it->second)
        refuse("id", "item #" + cell.get("id") + " was merged into #" + std::to_string(*it->second));
      else
        target = *id;
    } else if (!title.empty()) {
      auto it = idx.by_title.find(title);
      if (it != idx.by_title.end() && it->second.size() == 1) target = it->second.front();
      if (it != idx.by_title.end() && it->second.size() > 1)
        refuse("title", "more than one item is titled '" + title + "'; add id");
    }
    std::string key = cell.has("id") ? cell.get("id") : title;
    if (!key.empty()) {
      auto [it, fresh] = seen.emplace(key, row);
      if (!fresh)
        refuse(cell.has("id") ? "id" : "title", "'" + key + "' is also in row " + std::to_string(it->second));
    }
    std::optional<ItemKind> kind;
    if (cell.has("kind")) {
      kind = parse_item_kind_word(cell.get("kind"));
      if (!kind) refuse("kind", "not a kind: '" + cell.get("kind") + "' (" + spellings(ItemKind{}) + ")");
    }
    std::optional<ItemStatus> status;
    if (cell.has("status")) {
      status = parse_item_status_word(cell.get("status"));
      if (!status)
        refuse("status", "not a status: '" + cell.get("status") + "' (" + spellings(ItemStatus{}) + ")");
    }
    if (too_long(title, limits::kShortText)) refuse("title", "longer than 200 characters");
    if (too_long(cell.get("area"), limits::kShortText)) refuse("area", "longer than 200 characters");
    if (too_long(cell.get("description"), limits::kLongText))
      refuse("description", "longer than 20000 characters");
    if (!target && title.empty() && issues.empty()) refuse("title", "a new item needs a title");
    if (!issues.empty()) {
      for (auto& i : issues) out.issue(i.row, i.column, i.reason);
      out.action(row, "refuse", key, title);
      continue;
    }
    if (!target) {
      CreateItem cmd;
      cmd.title = title;
      cmd.kind = kind.value_or(ItemKind::feature);
      cmd.area = cell.get("area");
      cmd.description = cell.get("description");
      cmd.status = status;
      auto made = make_item(cmd, next, actor.user_id, now);
      if (!made.ok()) {
        for (const auto& e : made.errors) out.issue(row, e.field, e.message);
        out.action(row, "refuse", key, title);
        continue;
      }
      if (actor.user_id == 0) made.value->created_by.reset();
      if (write) SqliteStore::insert_item_row(c, *made.value);
      idx.merged_into[next] = std::nullopt;
      idx.by_title[title].push_back(next);
      ++next;
      out.action(row, "create", key, title);
      continue;
    }
    auto cur = SqliteStore::item_in(c, *target);
    if (!cur) {  // made earlier in this dry run
      out.action(row, "update", key, title);
      continue;
    }
    PatchItem p;
    if (!title.empty()) p.title = title;
    if (kind) p.kind = kind;
    if (cell.has("area")) p.area = cell.get("area");
    if (cell.has("description")) p.description = cell.get("description");
    if (status) p.status = status;
    auto next_item = apply_patch(*cur, p, now);
    if (!next_item.ok()) {
      for (const auto& e : next_item.errors) out.issue(row, e.field, e.message);
      out.action(row, "refuse", key, cur->title);
      continue;
    }
    const Item& it = *next_item.value;
    if (write && it.version != cur->version)
      c.prepare(
           "UPDATE items SET kind = ?2, title = ?3, description = ?4, area = ?5, status = ?6, "
           "answer_stale = ?7, version = ?8, updated_at = ?9 WHERE id = ?1")
          .bind(1, it.id)
          .bind(2, to_string(it.kind))
          .bind(3, it.title)
          .bind(4, it.description)
          .bind(5, it.area)
          .bind(6, to_string(it.status))
          .bind(7, it.answer_stale ? 1 : 0)
          .bind(8, it.version)
          .bind(9, it.updated_at)
          .run();
    if (it.title != cur->title) {
      auto& v = idx.by_title[cur->title];
      v.erase(std::remove(v.begin(), v.end(), it.id), v.end());
      idx.by_title[it.title].push_back(it.id);
    }
    out.action(row, "update", key, it.title);
  }
}

ImportMapping mapping_row(const db::Statement& st) {
  ImportMapping m;
  m.source = st.text(0);
  m.kind = parse_import_kind(st.text(1)).value_or(ImportKind::customers);
  auto cols = json::parse(st.text(2), nullptr, false);
  if (cols.is_object())
    for (auto& [k, v] : cols.items())
      if (v.is_string()) m.columns.emplace_back(k, v.get<std::string>());
  m.updated_by = st.opt_int64(3);
  m.updated_at = st.text(4);
  return m;
}

}  // namespace

ImportReport SqliteStore::import_rows(const Actor& actor, const ImportRows& in,
                                      const std::function<void(std::int64_t)>& progress,
                                      const std::string& now) {
  Collector out;
  auto run = [&](db::Connection& c, bool write) {
    switch (in.kind) {
      case ImportKind::customers:
        import_customers(c, write, actor, in, out, progress, now);
        break;
      case ImportKind::requests:
        import_requests(c, write, actor, in, out, progress, now);
        break;
      case ImportKind::items:
        import_items(c, write, actor, in, out, progress, now);
        break;
    }
  };
  if (in.dry_run) {
    auto c = pool_->reader();
    db::Transaction tx(*c, false);  // one snapshot for the whole run
    run(*c, false);
  } else {
    auto c = pool_->writer();
    db::Transaction tx(*c);
    run(*c, true);
    if (out.report.refused == 0) {
      recompute_derived(*c);
      append_event(*c, EventType::board_imported, "import", in.job_id, now,
                   actor.user_id ? std::optional<Id>(actor.user_id) : std::nullopt,
                   {{"kind", to_string(in.kind)},
                    {"created", out.report.created},
                    {"updated", out.report.updated}});
      tx.commit();
      out.report.written = true;
    }  // else: rolled back, nothing written
  }
  if (progress) progress(static_cast<std::int64_t>(in.rows.size()));
  if (out.report.written) notify_written();
  return std::move(out.report);
}

std::vector<ImportMapping> SqliteStore::list_import_mappings(int limit) {
  auto c = pool_->reader();
  auto st = c->prepare(
      "SELECT source, kind, columns, updated_by, updated_at FROM import_mappings "
      "ORDER BY source, kind LIMIT ?1");
  st.bind(1, std::clamp(limit, 1, 500));
  std::vector<ImportMapping> out;
  while (st.step()) out.push_back(mapping_row(st));
  return out;
}

std::optional<ImportMapping> SqliteStore::import_mapping(const std::string& source,
                                                         ImportKind kind) {
  auto c = pool_->reader();
  auto st = c->prepare(
      "SELECT source, kind, columns, updated_by, updated_at FROM import_mappings "
      "WHERE source = ?1 AND kind = ?2");
  st.bind(1, source).bind(2, to_string(kind));
  if (!st.step()) return std::nullopt;
  return mapping_row(st);
}

void SqliteStore::put_import_mapping(const ImportMapping& m) {
  json cols = json::object();
  for (const auto& [k, v] : m.columns) cols[k] = v;
  auto c = pool_->writer();
  db::Transaction tx(*c);
  c->prepare(
       "INSERT INTO import_mappings(source, kind, columns, updated_by, updated_at) "
       "VALUES (?1,?2,?3,?4,?5) ON CONFLICT(source, kind) DO UPDATE SET "
       "columns = excluded.columns, updated_by = excluded.updated_by, "
       "updated_at = excluded.updated_at")
      .bind(1, m.source)
      .bind(2, to_string(m.kind))
      .bind(3, cols.dump())
      .bind(4, m.updated_by)
      .bind(5, m.updated_at)
      .run();
  tx.commit();
}

void SqliteStore::save_import_job(Id id, ImportKind kind, const std::string& state,
                                  std::optional<Id> created_by, const std::string& created_at,
                                  const std::string& finished_at, const json& job) {
  auto c = pool_->writer();
  db::Transaction tx(*c);
  c->prepare(
       "INSERT INTO import_jobs(id, kind, state, created_by, created_at, finished_at, job) "
       "VALUES (?1,?2,?3,?4,?5,?6,?7) ON CONFLICT(id) DO UPDATE SET state = excluded.state, "
       "finished_at = excluded.finished_at, job = excluded.job")
      .bind(1, id)
      .bind(2, to_string(kind))
      .bind(3, state)
      .bind(4, created_by)
      .bind(5, created_at)
      .bind(6, finished_at)
      .bind(7, job.dump())
      .run();
  tx.commit();
}

std::vector<json> SqliteStore::list_import_jobs(int limit) {
  auto c = pool_->reader();
  auto st = c->prepare("SELECT job FROM import_jobs ORDER BY id DESC LIMIT ?1");
  st.bind(1, std::clamp(limit, 1, 500));
  std::vector<json> out;
  while (st.step()) {
    auto j = json::parse(st.text(0), nullptr, false);
    if (j.is_object()) out.push_back(std::move(j));
  }
  return out;
}

std::optional<json> SqliteStore::import_job(Id id) {
  auto c = pool_->reader();
  auto st = c->prepare("SELECT job FROM import_jobs WHERE id = ?1");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  auto j = json::parse(st.text(0), nullptr, false);
  if (!j.is_object()) return std::nullopt;
  return j;
}

Id SqliteStore::last_import_job_id() {
  auto c = pool_->reader();
  auto st = c->prepare("SELECT coalesce(max(id), 0) FROM import_jobs");
  st.step();
  return st.int64(0);
}

std::vector<std::vector<std::string>> SqliteStore::export_rows(std::string_view what, int limit) {
  std::vector<std::vector<std::string>> out;
  auto c = pool_->reader();
  db::Transaction tx(*c, false);
  auto header = [&](std::optional<ImportKind> kind, std::vector<std::string> told = {}) {
    std::vector<std::string> h;
    if (kind)
      for (auto f : import_fields(*kind)) h.emplace_back(f);
    out.push_back(kind ? h : told);
  };
  auto id_text = [](const std::optional<std::int64_t>& v) {
    return v ? std::to_string(*v) : std::string();
  };
  if (what == "customers") {
    header(ImportKind::customers);
    auto st = c->prepare(
        "SELECT c.id, c.external_id, c.name, c.value_amount, c.value_currency, c.channel, "
        "coalesce(p.external_id, p.name), u.login, c.lang, c.contacts FROM customers c "
        "LEFT JOIN customers p ON p.id = c.partner_id LEFT JOIN users u ON u.id = c.owner_id "
        "ORDER BY c.id LIMIT ?1");
    st.bind(1, limit);
    while (st.step()) {
      std::vector<Contact> contacts;
      auto arr = json::parse(st.text(9), nullptr, false);
      if (arr.is_array())
        for (const auto& k : arr)
          if (k.is_object())
            contacts.push_back({k.value("name", ""), k.value("title", ""),
                                parse_contact_role(k.value("role", "")).value_or(ContactRole::champion)});
      out.push_back({std::to_string(st.int64(0)), st.opt_text(1).value_or(""), st.text(2),
                     format_amount(st.int64(3)), st.text(4), st.text(5),
                     st.opt_text(6).value_or(""), st.opt_text(7).value_or(""), st.text(8),
                     format_contacts(contacts)});
    }
  } else if (what == "requests") {
    header(ImportKind::requests);
    auto st = c->prepare(
        "SELECT r.id, cu.external_id, cu.name, r.item_id, i.title, r.importance, r.value_amount, "
        "r.value_currency, r.quote FROM requests r JOIN customers cu ON cu.id = r.customer_id "
        "JOIN items i ON i.id = r.item_id ORDER BY r.id LIMIT ?1");
    st.bind(1, limit);
    while (st.step())
      out.push_back({std::to_string(st.int64(0)), st.opt_text(1).value_or(""), st.text(2),
                     std::to_string(st.int64(3)), st.text(4), st.text(5),
                     format_amount(st.int64(6)), st.text(7), st.text(8)});
  } else if (what == "items") {
    header(ImportKind::items);
    auto st = c->prepare(
        "SELECT id, title, kind, area, description, status FROM items WHERE merged_into IS NULL "
        "ORDER BY id LIMIT ?1");
    st.bind(1, limit);
    while (st.step())
      out.push_back({std::to_string(st.int64(0)), st.text(1), st.text(2), st.text(3), st.text(4),
                     st.text(5)});
  } else if (what == "told") {
    header(std::nullopt, {"id", "created_at", "user", "customer_external_id", "customer",
                          "item_id", "item_title", "answer_id", "lang", "text"});
    auto st = c->prepare(
        "SELECT t.id, t.created_at, u.login, cu.external_id, cu.name, t.item_id, i.title, "
        "t.answer_id, t.lang, t.text FROM told t JOIN users u ON u.id = t.user_id "
        "JOIN customers cu ON cu.id = t.customer_id LEFT JOIN items i ON i.id = t.item_id "
        "ORDER BY t.id LIMIT ?1");
    st.bind(1, limit);
    while (st.step())
      out.push_back({std::to_string(st.int64(0)), st.text(1), st.text(2),
                     st.opt_text(3).value_or(""), st.text(4), id_text(st.opt_int64(5)),
                     st.opt_text(6).value_or(""), id_text(st.opt_int64(7)), st.text(8),
                     st.text(9)});
  }
  return out;
}

}  // namespace shipboard::store
