// The row readers and shared write helpers of the SQLite store (store/rows.hpp).
#include "store/rows.hpp"

#include "shipboard/codec.hpp"

namespace shipboard::store {

namespace rows {

const char* const kReleaseColumns =
    "id, name, planned_date, shipped_date, state, notes, faq, version, created_at, updated_at";

const char* const kCustomerColumns =
    "id, name, value_amount, value_currency, tier, channel, partner_id, owner_id, contacts, "
    "version, created_at, updated_at, lang";

const char* const kLibraryColumns =
    "id, title, body, tags, item_id, lang, author_id, version, created_at, updated_at";

Release release(const db::Statement& s) {
  Release r;
  r.id = s.int64(0);
  r.name = s.text(1);
  r.planned_date = s.text(2);
  r.shipped_date = s.text(3);
  r.state = parse_release_state(s.text(4)).value_or(ReleaseState::planned);
  r.notes = s.text(5);
  r.faq = s.text(6);
  r.version = s.int64(7);
  r.created_at = s.text(8);
  r.updated_at = s.text(9);
  return r;
}

Customer customer(const db::Statement& s) {
  Customer c;
  c.id = s.int64(0);
  c.name = s.text(1);
  c.annual_value = Money{s.int64(2), s.text(3)};
  c.tier = parse_tier(s.text(4)).value_or(Tier::C);
  c.channel = parse_channel(s.text(5)).value_or(Channel::direct);
  c.partner_id = s.opt_int64(6);
  c.owner_id = s.opt_int64(7);
  auto contacts = nlohmann::json::parse(s.text(8), nullptr, false);
  if (contacts.is_array()) {
    for (const auto& j : contacts) {
      if (!j.is_object()) continue;
      Contact k;
      k.name = j.value("name", "");
      k.title = j.value("title", "");
      k.role = parse_contact_role(j.value("role", "")).value_or(ContactRole::champion);
      c.contacts.push_back(std::move(k));
    }
  }
  c.version = s.int64(9);
  c.created_at = s.text(10);
  c.updated_at = s.text(11);
  c.lang = s.text(12);
  return c;
}

LibraryAnswer library_answer(const db::Statement& s) {
  LibraryAnswer a;
  a.id = s.int64(0);
  a.title = s.text(1);
  a.body = s.text(2);
  auto tags = nlohmann::json::parse(s.text(3), nullptr, false);
  if (tags.is_array())
    for (const auto& t : tags)
      if (t.is_string()) a.tags.push_back(t.get<std::string>());
  a.item_id = s.opt_int64(4);
  a.lang = s.text(5);
  a.author_id = s.int64(6);
  a.version = s.int64(7);
  a.created_at = s.text(8);
  a.updated_at = s.text(9);
  return a;
}

const char* const kItemColumns =
    "id, kind, title, description, area, status, release_id, eta, commitment, customer_answer, "
    "basis_set, basis_status, basis_release_id, basis_eta, answer_stale, internal_note, owner_id, "
    "created_by, merged_into, demand_score, request_count, value_amount, value_currency, version, "
    "created_at, updated_at";

Item item(const db::Statement& s) {
  Item it;
  it.id = s.int64(0);
  it.kind = parse_item_kind(s.text(1)).value_or(ItemKind::feature);
  it.title = s.text(2);
  it.description = s.text(3);
  it.area = s.text(4);
  it.status = parse_item_status(s.text(5)).value_or(ItemStatus::under_review);
  it.release_id = s.opt_int64(6);
  if (auto e = s.opt_text(7)) it.eta = parse_eta(*e);
  it.commitment = parse_commitment(s.text(8)).value_or(Commitment::none);
  it.customer_answer = s.text(9);
  if (s.int64(10) != 0) {
    AnswerBasis b;
    b.status = parse_item_status(s.text(11)).value_or(ItemStatus::under_review);
    b.release_id = s.opt_int64(12);
    if (auto e = s.opt_text(13)) b.eta = parse_eta(*e);
    it.answer_basis = b;
  }
  it.answer_stale = s.int64(14) != 0;
  it.internal_note = s.text(15);
  it.owner_id = s.opt_int64(16);
  it.created_by = s.opt_int64(17);
  it.merged_into = s.opt_int64(18);
  it.demand_score = s.real(19);
  it.request_count = s.int64(20);
  it.value_at_stake = Money{s.int64(21), s.text(22)};
  it.version = s.int64(23);
  it.created_at = s.text(24);
  it.updated_at = s.text(25);
  return it;
}

const char* const kUserColumns = "id, login, name, role, active, version, created_at, email";

User user(const db::Statement& s, int o) {
  User u;
  u.id = s.int64(o + 0);
  u.login = s.text(o + 1);
  u.name = s.text(o + 2);
  u.role = parse_role(s.text(o + 3)).value_or(Role::viewer);
  u.active = s.int64(o + 4) != 0;
  u.version = s.int64(o + 5);
  u.created_at = s.text(o + 6);
  u.email = s.text(o + 7);
  return u;
}

const char* const kEventColumns = "id, type, entity, entity_id, at, actor_id, data";

Event event(const db::Statement& s) {
  Event e;
  e.id = s.int64(0);
  e.type = s.text(1);
  e.entity = s.text(2);
  e.entity_id = s.int64(3);
  e.at = s.text(4);
  e.actor_id = s.opt_int64(5);
  e.data = nlohmann::json::parse(s.text(6), nullptr, false);
  return e;
}

const char* const kToldColumns =
    "id, user_id, customer_id, item_id, answer_id, text, basis_status, basis_release_id, "
    "basis_eta, created_at, lang, basis_commitment";

Told told(const db::Statement& s) {
  Told t;
  t.id = s.int64(0);
  t.user_id = s.int64(1);
  t.customer_id = s.int64(2);
  t.item_id = s.opt_int64(3);
  t.answer_id = s.opt_int64(4);
  t.text = s.text(5);
  if (!s.is_null(6)) {
    AnswerBasis b;
    b.status = parse_item_status(s.text(6)).value_or(ItemStatus::under_review);
    b.release_id = s.opt_int64(7);
    if (auto e = s.opt_text(8)) b.eta = parse_eta(*e);
    t.basis = b;
  }
  t.created_at = s.text(9);
  t.lang = s.text(10);
  if (auto cm = s.opt_text(11)) t.commitment = parse_commitment(*cm);
  return t;
}

}  // namespace rows

std::optional<std::string> opt_eta(const std::optional<Eta>& e) {
  return e ? std::optional<std::string>(e->text) : std::nullopt;
}

std::optional<std::string> opt_str(bool has, std::string_view v) {
  return has ? std::optional<std::string>(std::string(v)) : std::nullopt;
}

std::string item_audience_sql(const std::string& ids) {
  return "SELECT user_id FROM follows WHERE item_id IN (" + ids +
         ") UNION SELECT created_by FROM requests WHERE item_id IN (" + ids +
         ") UNION SELECT c.owner_id FROM requests r JOIN customers c ON c.id = r.customer_id "
         "WHERE r.item_id IN (" + ids + ") AND c.owner_id IS NOT NULL "
         "UNION SELECT user_id FROM told WHERE item_id IN (" + ids + ")";
}

std::string pack_owner_sql(const std::string& ids) {
  const std::string customers = "SELECT customer_id FROM requests WHERE item_id IN (" + ids +
                                ") UNION SELECT customer_id FROM told WHERE item_id IN (" + ids +
                                ")";
  return "SELECT c.owner_id FROM customers c WHERE c.owner_id IS NOT NULL AND c.id IN (" +
         customers +
         ") UNION SELECT p.owner_id FROM customers c JOIN customers p ON p.id = c.partner_id "
         "WHERE p.owner_id IS NOT NULL AND c.id IN (" + customers + ")";
}

nlohmann::json delivery_item(db::Connection& c, const Item& it) {
  nlohmann::json release = nullptr;
  if (it.release_id) {
    auto st = c.prepare("SELECT name FROM releases WHERE id = ?1");
    st.bind(1, *it.release_id);
    if (st.step()) release = {{"id", *it.release_id}, {"name", st.text(0)}};
  }
  return {{"id", it.id},
          {"title", it.title},
          {"area", it.area},
          {"status", to_string(it.status)},
          {"eta", it.eta ? nlohmann::json(it.eta->text) : nlohmann::json(nullptr)},
          {"commitment", to_string(it.commitment)},
          {"customer_answer", it.customer_answer},
          {"answer_stale", it.answer_stale},
          {"release", release}};
}

nlohmann::json delivery_payload(Id event_id, EventType type, const std::string& entity,
                                Id entity_id, const std::string& at, const nlohmann::json& data) {
  return {{"event",
           {{"id", event_id},
            {"type", to_string(type)},
            {"entity", entity},
            {"entity_id", entity_id},
            {"at", at},
            {"data", data}}}};
}

bool exists(db::Connection& c, const char* table, Id id) {
  auto st = c.prepare(std::string("SELECT 1 FROM ") + table + " WHERE id = ?1");
  st.bind(1, id);
  return st.step();
}

Id next_id(db::Connection& c, const char* table) {
  auto st = c.prepare(std::string("SELECT coalesce(max(id), 0) + 1 FROM ") + table);
  st.step();
  return st.int64(0);
}

// Checks that referenced rows exist; adds a field error per missing one.
void check_ref(db::Connection& c, FieldErrors& errors, const char* field, const char* table,
               const std::optional<Id>& id) {
  if (id && !exists(c, table, *id)) errors.push_back({field, "does not exist"});
}

}  // namespace shipboard::store
