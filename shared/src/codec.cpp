// JSON encoding of the domain entities (with the restricted-audience forms) and lenient
// decoding of the server's representation for the client.
//
// Index: [SECTION] Lenient reading  [SECTION] Encoding  [SECTION] Decoding
#include "shipboard/codec.hpp"

#include <algorithm>
#include <type_traits>

#include "shipboard/json_reader.hpp"

namespace shipboard {
namespace {

using nlohmann::json;

// [SECTION] Lenient reading -------------------------------------------------------------------
json opt_id(const std::optional<Id>& v) {
  return v ? json(*v) : json(nullptr);
}
json opt_eta(const std::optional<Eta>& v) {
  return v ? json(v->text) : json(nullptr);
}

// Reads server-produced JSON: absent or null fields keep defaults; wrong types are errors.
class Lenient {
 public:
  Lenient(const json& j, FieldErrors& errors, std::string prefix = "")
      : j_(j), errors_(errors), prefix_(std::move(prefix)) {}

  const json* find(const char* key) const {
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return nullptr;
    return &*it;
  }
  void error(const char* key, std::string message) {
    errors_.push_back({prefix_ + key, std::move(message)});
  }

  template <class T>
  void get(const char* key, T& out) {
    const json* v = find(key);
    if (v == nullptr) return;
    if constexpr (std::is_same_v<T, std::string>) {
      if (!v->is_string()) return error(key, "must be a string");
      out = v->get<std::string>();
    } else if constexpr (std::is_same_v<T, bool>) {
      if (!v->is_boolean()) return error(key, "must be true or false");
      out = v->get<bool>();
    } else if constexpr (std::is_same_v<T, double>) {
      if (!v->is_number()) return error(key, "must be a number");
      out = v->get<double>();
    } else {
      if (!v->is_number_integer()) return error(key, "must be an integer");
      out = v->get<T>();
    }
  }

  void opt_id(const char* key, std::optional<Id>& out) {
    const json* v = find(key);
    if (v == nullptr) return;
    if (!v->is_number_integer()) return error(key, "must be an integer");
    out = v->get<Id>();
  }

  template <class E, class Parse>
  void enumv(const char* key, E& out, Parse parse) {
    const json* v = find(key);
    if (v == nullptr) return;
    if (!v->is_string()) return error(key, "must be a string");
    auto e = parse(v->get_ref<const std::string&>());
    if (!e) return error(key, "has an unknown value");
    out = *e;
  }

  void eta(const char* key, std::optional<Eta>& out) {
    const json* v = find(key);
    if (v == nullptr) return;
    if (!v->is_string()) return error(key, "must be a string");
    if (auto e = parse_eta(v->get_ref<const std::string&>())) {
      out = *e;
    } else {
      error(key, "must be a date YYYY-MM-DD or a quarter YYYY-Qn");
    }
  }

  void money(const char* key, Money& out) {
    const json* v = find(key);
    if (v == nullptr) return;
    auto m = decode_money(*v, prefix_ + key);
    if (m.ok()) out = *m.value;
    errors_.insert(errors_.end(), m.errors.begin(), m.errors.end());
  }

  void basis(const char* key, std::optional<AnswerBasis>& out) {
    const json* v = find(key);
    if (v == nullptr) return;
    if (!v->is_object()) return error(key, "must be a JSON object");
    Lenient sub(*v, errors_, prefix_ + key + ".");
    AnswerBasis b;
    sub.enumv("status", b.status, parse_item_status);
    sub.opt_id("release_id", b.release_id);
    sub.eta("eta", b.eta);
    out = b;
  }

  void strings(const char* key, std::vector<std::string>& out) {
    const json* v = find(key);
    if (v == nullptr) return;
    if (!v->is_array()) return error(key, "must be a list");
    out.clear();
    for (const auto& s : *v) {
      if (!s.is_string()) return error(key, "must be a list of strings");
      out.push_back(s.get<std::string>());
    }
  }

  void require_id() {
    Id id = 0;
    get("id", id);
    if (id <= 0) error("id", "must be a positive integer");
  }

 private:
  const json& j_;
  FieldErrors& errors_;
  std::string prefix_;
};

template <class T, class Fill>
Decoded<T> decode_object(const json& j, Fill fill) {
  if (!j.is_object()) return Decoded<T>::failure({{"", "must be a JSON object"}});
  FieldErrors errors;
  Lenient r(j, errors);
  T value;
  fill(r, value, errors);
  if (!errors.empty()) return Decoded<T>::failure(std::move(errors));
  return Decoded<T>::success(std::move(value));
}

void strip_keys(json& j) {
  static constexpr const char* kSensitive[] = {"internal_note", "value_at_stake", "annual_value",
                                               "customer_id",   "customer_name",  "contacts",
                                               "quote",         "created_by"};
  if (j.is_object()) {
    for (const char* k : kSensitive) j.erase(k);
    for (auto& [k, v] : j.items()) strip_keys(v);
  } else if (j.is_array()) {
    for (auto& v : j) strip_keys(v);
  }
}

}  // namespace

// [SECTION] Encoding ----------------------------------------------------------------------------
json to_json(const Money& m) {
  return json{{"amount", m.amount}, {"currency", m.currency}};
}

json to_json(const AnswerBasis& b) {
  return json{{"status", to_string(b.status)},
              {"release_id", opt_id(b.release_id)},
              {"eta", opt_eta(b.eta)}};
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
      {"eta", opt_eta(item.eta)},
      {"commitment", to_string(item.commitment)},
      {"customer_answer", item.customer_answer},
      {"customer_answers", item.customer_answers},
      {"answer_stale", item.answer_stale},
      {"answer_basis", item.answer_basis ? to_json(*item.answer_basis) : json(nullptr)},
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

json to_json(const Contact& c) {
  return json{{"name", c.name}, {"title", c.title}, {"role", to_string(c.role)}};
}

json to_json(const Customer& c, Audience audience) {
  json j{{"id", c.id},
         {"channel", to_string(c.channel)},
         {"partner_id", opt_id(c.partner_id)},
         {"lang", c.lang},
         {"version", c.version},
         {"created_at", c.created_at},
         {"updated_at", c.updated_at}};
  if (audience == Audience::full) {
    j["name"] = c.name;
    j["annual_value"] = to_json(c.annual_value);
    j["tier"] = to_string(c.tier);
    j["owner_id"] = opt_id(c.owner_id);
    json contacts = json::array();
    for (const auto& k : c.contacts) contacts.push_back(to_json(k));
    j["contacts"] = std::move(contacts);
  }
  return j;
}

json to_json(const Request& r, Audience audience) {
  json j{{"id", r.id},
         {"item_id", r.item_id},
         {"importance", to_string(r.importance)},
         {"created_at", r.created_at}};
  if (audience == Audience::full) {
    j["customer_id"] = r.customer_id;
    j["customer_name"] = r.customer_name;
    j["customer_tier"] = r.customer_tier ? json(to_string(*r.customer_tier)) : json(nullptr);
    j["created_by"] = r.created_by;
    j["value_at_stake"] = to_json(r.value_at_stake);
    j["quote"] = r.quote;
  }
  return j;
}

json to_json(const Answer& a) {
  return json{{"id", a.id},
              {"question_id", a.question_id},
              {"body", a.body},
              {"author_id", a.author_id},
              {"created_at", a.created_at}};
}

json to_json(const Question& q, Audience audience) {
  json answers = json::array();
  for (const auto& a : q.answers) answers.push_back(to_json(a));
  json j{{"id", q.id},
         {"item_id", opt_id(q.item_id)},
         {"release_id", opt_id(q.release_id)},
         {"body", q.body},
         {"state", to_string(q.state)},
         {"asked_by", q.asked_by},
         {"answers", std::move(answers)},
         {"version", q.version},
         {"created_at", q.created_at},
         {"answered_at", q.answered_at}};
  if (audience == Audience::full) j["customer_id"] = opt_id(q.customer_id);
  return j;
}

json to_json(const LibraryAnswer& a) {
  return json{{"id", a.id},
              {"title", a.title},
              {"body", a.body},
              {"tags", a.tags},
              {"item_id", opt_id(a.item_id)},
              {"lang", a.lang},
              {"author_id", a.author_id},
              {"version", a.version},
              {"created_at", a.created_at},
              {"updated_at", a.updated_at}};
}

json to_json(const Release& r) {
  return json{{"id", r.id},
              {"name", r.name},
              {"planned_date", r.planned_date.empty() ? json(nullptr) : json(r.planned_date)},
              {"shipped_date", r.shipped_date.empty() ? json(nullptr) : json(r.shipped_date)},
              {"state", to_string(r.state)},
              {"notes", r.notes},
              {"faq", r.faq},
              {"version", r.version},
              {"created_at", r.created_at},
              {"updated_at", r.updated_at}};
}

json to_json(const Told& t, Audience audience) {
  json j{{"id", t.id},
         {"user_id", t.user_id},
         {"item_id", opt_id(t.item_id)},
         {"answer_id", opt_id(t.answer_id)},
         {"lang", t.lang.empty() ? json(nullptr) : json(t.lang)},
         {"basis", t.basis ? to_json(*t.basis) : json(nullptr)},
         {"commitment", t.commitment ? json(to_string(*t.commitment)) : json(nullptr)},
         {"created_at", t.created_at}};
  if (audience == Audience::full) {
    j["customer_id"] = t.customer_id;
    j["text"] = t.text;
  }
  return j;
}

json to_json(const Notification& n) {
  return json{{"id", n.id},     {"user_id", n.user_id},         {"event_id", n.event_id},
              {"kind", n.kind}, {"item_id", opt_id(n.item_id)}, {"text", n.text},
              {"read", n.read}, {"created_at", n.created_at}, {"payload", n.payload}};
}

json to_json(const User& u, Audience audience) {
  json j{{"id", u.id},
         {"name", u.name},
         {"role", to_string(u.role)},
         {"version", u.version},
         {"created_at", u.created_at}};
  if (audience == Audience::full) {
    j["login"] = u.login;
    j["active"] = u.active;
    j["email"] = u.email;
  }
  return j;
}

json to_json(const EmbedToken& t) {
  return json{{"id", t.id},
              {"label", t.label},
              {"scope", to_string(t.scope)},
              {"created_by", t.created_by},
              {"revoked", t.revoked},
              {"created_at", t.created_at}};
}

json redact_event_data(std::string_view entity, const json& data) {
  if (entity == "customer" || entity == "request" || entity == "told") return json::object();
  json out = data;
  strip_keys(out);
  return out;
}

json to_json(const Event& e, Audience audience) {
  return json{{"id", e.id},
              {"type", e.type},
              {"entity", e.entity},
              {"entity_id", e.entity_id},
              {"at", e.at},
              {"actor_id", opt_id(e.actor_id)},
              {"data", audience == Audience::full ? e.data : redact_event_data(e.entity, e.data)}};
}

// [SECTION] Decoding ----------------------------------------------------------------------------
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

Decoded<AnswerBasis> decode_answer_basis(const json& j) {
  return decode_object<AnswerBasis>(j, [](Lenient& r, AnswerBasis& b, FieldErrors&) {
    r.enumv("status", b.status, parse_item_status);
    r.opt_id("release_id", b.release_id);
    r.eta("eta", b.eta);
  });
}

Decoded<Item> decode_item(const json& j) {
  return decode_object<Item>(j, [](Lenient& r, Item& it, FieldErrors&) {
    r.get("id", it.id);
    r.enumv("kind", it.kind, parse_item_kind);
    r.get("title", it.title);
    r.get("description", it.description);
    r.get("area", it.area);
    r.enumv("status", it.status, parse_item_status);
    r.opt_id("release_id", it.release_id);
    r.eta("eta", it.eta);
    r.enumv("commitment", it.commitment, parse_commitment);
    r.get("customer_answer", it.customer_answer);
    if (const json* answers = r.find("customer_answers")) {
      if (!answers->is_object()) {
        r.error("customer_answers", "must be a JSON object");
      } else {
        for (const auto& [lang, text] : answers->items()) {
          if (!is_valid_lang(lang) || !text.is_string())
            r.error("customer_answers", "must map zh-Hant, zh-Hans or en to text");
          else
            it.customer_answers[lang] = text.get<std::string>();
        }
      }
    }
    r.get("answer_stale", it.answer_stale);
    r.basis("answer_basis", it.answer_basis);
    r.get("internal_note", it.internal_note);
    r.opt_id("owner_id", it.owner_id);
    r.opt_id("created_by", it.created_by);
    r.opt_id("merged_into", it.merged_into);
    r.get("demand_score", it.demand_score);
    r.get("request_count", it.request_count);
    r.money("value_at_stake", it.value_at_stake);
    r.get("version", it.version);
    r.get("created_at", it.created_at);
    r.get("updated_at", it.updated_at);
    if (it.id <= 0) r.error("id", "must be a positive integer");
  });
}

Decoded<Customer> decode_customer(const json& j) {
  return decode_object<Customer>(j, [](Lenient& r, Customer& c, FieldErrors& errors) {
    r.require_id();
    r.get("id", c.id);
    r.get("name", c.name);
    r.money("annual_value", c.annual_value);
    r.enumv("tier", c.tier, parse_tier);
    r.enumv("channel", c.channel, parse_channel);
    r.opt_id("partner_id", c.partner_id);
    r.opt_id("owner_id", c.owner_id);
    r.get("lang", c.lang);
    if (!is_valid_lang(c.lang)) r.error("lang", "has an unknown value");
    if (const json* list = r.find("contacts")) {
      if (!list->is_array()) {
        r.error("contacts", "must be a list");
      } else {
        for (std::size_t i = 0; i < list->size(); ++i) {
          const json& k = (*list)[i];
          std::string prefix = "contacts[" + std::to_string(i) + "].";
          if (!k.is_object()) {
            errors.push_back({prefix.substr(0, prefix.size() - 1), "must be a JSON object"});
            continue;
          }
          Lenient kr(k, errors, prefix);
          Contact contact;
          kr.get("name", contact.name);
          kr.get("title", contact.title);
          kr.enumv("role", contact.role, parse_contact_role);
          c.contacts.push_back(std::move(contact));
        }
      }
    }
    r.get("version", c.version);
    r.get("created_at", c.created_at);
    r.get("updated_at", c.updated_at);
  });
}

Decoded<Request> decode_request(const json& j) {
  return decode_object<Request>(j, [](Lenient& r, Request& q, FieldErrors&) {
    r.require_id();
    r.get("id", q.id);
    r.get("item_id", q.item_id);
    r.get("customer_id", q.customer_id);
    r.get("created_by", q.created_by);
    r.enumv("importance", q.importance, parse_importance);
    r.money("value_at_stake", q.value_at_stake);
    r.get("quote", q.quote);
    r.get("created_at", q.created_at);
    r.get("customer_name", q.customer_name);
    if (r.find("customer_tier")) {
      Tier t = Tier::C;
      r.enumv("customer_tier", t, parse_tier);
      q.customer_tier = t;
    }
  });
}

namespace {
void fill_answer(Lenient& r, Answer& a) {
  r.require_id();
  r.get("id", a.id);
  r.get("question_id", a.question_id);
  r.get("body", a.body);
  r.get("author_id", a.author_id);
  r.get("created_at", a.created_at);
}
}  // namespace

Decoded<Answer> decode_answer(const json& j) {
  return decode_object<Answer>(j, [](Lenient& r, Answer& a, FieldErrors&) { fill_answer(r, a); });
}

Decoded<Question> decode_question(const json& j) {
  return decode_object<Question>(j, [](Lenient& r, Question& q, FieldErrors& errors) {
    r.require_id();
    r.get("id", q.id);
    r.opt_id("item_id", q.item_id);
    r.opt_id("release_id", q.release_id);
    r.opt_id("customer_id", q.customer_id);
    r.get("body", q.body);
    r.enumv("state", q.state, parse_question_state);
    r.get("asked_by", q.asked_by);
    if (const json* list = r.find("answers")) {
      if (!list->is_array()) {
        r.error("answers", "must be a list");
      } else {
        for (std::size_t i = 0; i < list->size(); ++i) {
          const json& a = (*list)[i];
          std::string prefix = "answers[" + std::to_string(i) + "].";
          if (!a.is_object()) {
            errors.push_back({prefix.substr(0, prefix.size() - 1), "must be a JSON object"});
            continue;
          }
          Lenient ar(a, errors, prefix);
          Answer answer;
          fill_answer(ar, answer);
          q.answers.push_back(std::move(answer));
        }
      }
    }
    r.get("version", q.version);
    r.get("created_at", q.created_at);
    r.get("answered_at", q.answered_at);
  });
}

Decoded<LibraryAnswer> decode_library_answer(const json& j) {
  return decode_object<LibraryAnswer>(j, [](Lenient& r, LibraryAnswer& a, FieldErrors&) {
    r.require_id();
    r.get("id", a.id);
    r.get("title", a.title);
    r.get("body", a.body);
    r.strings("tags", a.tags);
    r.opt_id("item_id", a.item_id);
    r.get("lang", a.lang);
    if (!is_valid_lang(a.lang)) r.error("lang", "has an unknown value");
    r.get("author_id", a.author_id);
    r.get("version", a.version);
    r.get("created_at", a.created_at);
    r.get("updated_at", a.updated_at);
  });
}

Decoded<Release> decode_release(const json& j) {
  return decode_object<Release>(j, [](Lenient& r, Release& rel, FieldErrors&) {
    r.require_id();
    r.get("id", rel.id);
    r.get("name", rel.name);
    r.get("planned_date", rel.planned_date);
    r.get("shipped_date", rel.shipped_date);
    if (!rel.planned_date.empty() && !is_valid_date(rel.planned_date))
      r.error("planned_date", "must be a date YYYY-MM-DD");
    if (!rel.shipped_date.empty() && !is_valid_date(rel.shipped_date))
      r.error("shipped_date", "must be a date YYYY-MM-DD");
    r.enumv("state", rel.state, parse_release_state);
    r.get("notes", rel.notes);
    r.get("faq", rel.faq);
    r.get("version", rel.version);
    r.get("created_at", rel.created_at);
    r.get("updated_at", rel.updated_at);
  });
}

Decoded<Told> decode_told(const json& j) {
  return decode_object<Told>(j, [](Lenient& r, Told& t, FieldErrors&) {
    r.require_id();
    r.get("id", t.id);
    r.get("user_id", t.user_id);
    r.get("customer_id", t.customer_id);
    r.opt_id("item_id", t.item_id);
    r.opt_id("answer_id", t.answer_id);
    r.get("text", t.text);
    r.get("lang", t.lang);
    r.basis("basis", t.basis);
    if (r.find("commitment")) {
      Commitment c = Commitment::none;
      r.enumv("commitment", c, parse_commitment);
      t.commitment = c;
    }
    r.get("created_at", t.created_at);
  });
}

Decoded<Notification> decode_notification(const json& j) {
  return decode_object<Notification>(j, [](Lenient& r, Notification& n, FieldErrors&) {
    r.require_id();
    r.get("id", n.id);
    r.get("user_id", n.user_id);
    r.get("event_id", n.event_id);
    r.get("kind", n.kind);
    r.opt_id("item_id", n.item_id);
    r.get("text", n.text);
    r.get("read", n.read);
    r.get("created_at", n.created_at);
    if (const json* p = r.find("payload")) {
      if (p->is_object())
        n.payload = *p;
      else
        r.error("payload", "must be a JSON object");
    }
  });
}

Decoded<User> decode_user(const json& j) {
  return decode_object<User>(j, [](Lenient& r, User& u, FieldErrors&) {
    r.require_id();
    r.get("id", u.id);
    r.get("login", u.login);
    r.get("name", u.name);
    r.enumv("role", u.role, parse_role);
    r.get("active", u.active);
    r.get("version", u.version);
    r.get("created_at", u.created_at);
    r.get("email", u.email);
  });
}

Decoded<EmbedToken> decode_embed_token(const json& j) {
  return decode_object<EmbedToken>(j, [](Lenient& r, EmbedToken& t, FieldErrors&) {
    r.require_id();
    r.get("id", t.id);
    r.get("label", t.label);
    std::string scope = "board";
    r.get("scope", scope);
    if (auto s = parse_embed_scope(scope)) {
      t.scope = *s;
    } else {
      r.error("scope", "must be \"board\" or \"area:<name>\"");
    }
    r.get("created_by", t.created_by);
    r.get("revoked", t.revoked);
    r.get("created_at", t.created_at);
  });
}

Decoded<Event> decode_event(const json& j) {
  return decode_object<Event>(j, [](Lenient& r, Event& e, FieldErrors&) {
    r.require_id();
    r.get("id", e.id);
    r.get("type", e.type);
    r.get("entity", e.entity);
    r.get("entity_id", e.entity_id);
    r.get("at", e.at);
    r.opt_id("actor_id", e.actor_id);
    if (const json* d = r.find("data")) e.data = *d;
    if (e.type.empty()) r.error("type", "is required");
  });
}

std::optional<json> parse_json(std::string_view text) {
  json j = json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded()) return std::nullopt;
  return j;
}

BodyParse parse_json_body(std::string_view text) {
  // The keys of each object being parsed, innermost last (nlohmann's parser callback reports
  // object starts, keys and object ends in document order).
  std::vector<std::vector<std::string>> open;
  std::string duplicate;
  auto check = [&](int, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
        open.emplace_back();
        break;
      case json::parse_event_t::object_end:
        if (!open.empty()) open.pop_back();
        break;
      case json::parse_event_t::key:
        if (duplicate.empty() && !open.empty()) {
          const auto& key = parsed.get_ref<const std::string&>();
          auto& keys = open.back();
          if (std::find(keys.begin(), keys.end(), key) != keys.end())
            duplicate = key;
          else
            keys.push_back(key);
        }
        break;
      default:
        break;
    }
    return true;
  };
  BodyParse out;
  json j = json::parse(text.begin(), text.end(), check, false);
  if (j.is_discarded()) return out;
  out.duplicate_key = std::move(duplicate);
  if (out.duplicate_key.empty()) out.value = std::move(j);
  return out;
}

}  // namespace shipboard
