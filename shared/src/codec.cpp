// JSON encoding of the domain entities and decoding of the server's representation.
#include "shipboard/codec.hpp"

#include "shipboard/json_reader.hpp"

namespace shipboard {
namespace {

using nlohmann::json;

json opt_id(const std::optional<Id>& v) { return v ? json(*v) : json(nullptr); }

// Lenient reads for server-produced JSON: missing fields keep defaults, wrong types are errors.
template <class T>
void read(const json& j, const char* key, T& out, FieldErrors& errors) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return;
  if constexpr (std::is_same_v<T, std::string>) {
    if (!it->is_string()) return errors.push_back({key, "must be a string"});
    out = it->get<std::string>();
  } else if constexpr (std::is_same_v<T, bool>) {
    if (!it->is_boolean()) return errors.push_back({key, "must be true or false"});
    out = it->get<bool>();
  } else if constexpr (std::is_same_v<T, double>) {
    if (!it->is_number()) return errors.push_back({key, "must be a number"});
    out = it->get<double>();
  } else {
    if (!it->is_number_integer()) return errors.push_back({key, "must be an integer"});
    out = it->get<T>();
  }
}

void read_opt_id(const json& j, const char* key, std::optional<Id>& out, FieldErrors& errors) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return;
  if (!it->is_number_integer()) return errors.push_back({key, "must be an integer"});
  out = it->get<Id>();
}

template <class E, class Parse>
void read_enum(const json& j, const char* key, E& out, Parse parse, FieldErrors& errors) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return;
  if (!it->is_string()) return errors.push_back({key, "must be a string"});
  auto v = parse(it->get_ref<const std::string&>());
  if (!v) return errors.push_back({key, "has an unknown value"});
  out = *v;
}

}  // namespace

json to_json(const Money& m) { return json{{"amount", m.amount}, {"currency", m.currency}}; }

Decoded<Money> decode_money(const json& j, const std::string& field) {
  FieldErrors errors;
  JsonReader r(j, errors, field + ".");
  Money m;
  auto amount = r.integer("amount", true, 0, limits::kMaxMoneyMinor);
  auto currency = r.text("currency", true, 3);
  if (currency) {
    bool upper3 = currency->size() == 3;
    for (char c : *currency) upper3 = upper3 && c >= 'A' && c <= 'Z';
    if (!upper3) r.error(field + ".currency", "must be a three-letter ISO 4217 code");
  }
  r.reject_unknown();
  if (!errors.empty()) return Decoded<Money>::failure(std::move(errors));
  m.amount = *amount;
  m.currency = *currency;
  return Decoded<Money>::success(std::move(m));
}

json to_json(const Item& item, Audience audience) {
  json j{
      {"id", item.id},
      {"kind", to_string(item.kind)},
      {"title", item.title},
      {"description", item.description},
      {"area", item.area},
      {"status", to_string(item.status)},
      {"release_id", opt_id(item.release_id)},
      {"eta", item.eta ? json(item.eta->text) : json(nullptr)},
      {"commitment", to_string(item.commitment)},
      {"customer_answer", item.customer_answer},
      {"answer_stale", item.answer_stale},
      {"owner_id", opt_id(item.owner_id)},
      {"merged_into", opt_id(item.merged_into)},
      {"demand_score", item.demand_score},
      {"request_count", item.request_count},
      {"version", item.version},
      {"created_at", item.created_at},
      {"updated_at", item.updated_at},
  };
  if (audience == Audience::full) {
    j["internal_note"] = item.internal_note;
    j["created_by"] = opt_id(item.created_by);
    j["value_at_stake"] = to_json(item.value_at_stake);
  }
  return j;
}

Decoded<Item> decode_item(const json& j) {
  FieldErrors errors;
  if (!j.is_object()) return Decoded<Item>::failure({{"", "must be a JSON object"}});
  Item it;
  read(j, "id", it.id, errors);
  read_enum(j, "kind", it.kind, parse_item_kind, errors);
  read(j, "title", it.title, errors);
  read(j, "description", it.description, errors);
  read(j, "area", it.area, errors);
  read_enum(j, "status", it.status, parse_item_status, errors);
  read_opt_id(j, "release_id", it.release_id, errors);
  if (auto e = j.find("eta"); e != j.end() && !e->is_null()) {
    if (!e->is_string()) {
      errors.push_back({"eta", "must be a string"});
    } else if (auto eta = parse_eta(e->get_ref<const std::string&>())) {
      it.eta = *eta;
    } else {
      errors.push_back({"eta", "must be a date YYYY-MM-DD or a quarter YYYY-Qn"});
    }
  }
  read_enum(j, "commitment", it.commitment, parse_commitment, errors);
  read(j, "customer_answer", it.customer_answer, errors);
  read(j, "answer_stale", it.answer_stale, errors);
  read(j, "internal_note", it.internal_note, errors);
  read_opt_id(j, "owner_id", it.owner_id, errors);
  read_opt_id(j, "created_by", it.created_by, errors);
  read_opt_id(j, "merged_into", it.merged_into, errors);
  read(j, "demand_score", it.demand_score, errors);
  read(j, "request_count", it.request_count, errors);
  if (auto v = j.find("value_at_stake"); v != j.end() && !v->is_null()) {
    auto m = decode_money(*v, "value_at_stake");
    if (m.ok()) it.value_at_stake = *m.value;
    errors.insert(errors.end(), m.errors.begin(), m.errors.end());
  }
  read(j, "version", it.version, errors);
  read(j, "created_at", it.created_at, errors);
  read(j, "updated_at", it.updated_at, errors);
  if (it.id <= 0) errors.push_back({"id", "must be a positive integer"});
  if (!errors.empty()) return Decoded<Item>::failure(std::move(errors));
  return Decoded<Item>::success(std::move(it));
}

}  // namespace shipboard
