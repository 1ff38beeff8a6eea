// JSON forms of the domain entities, as the API sends them. `to_json` writes an entity;
// `decode_*` reads the server's representation back (the client's side of the round trip),
// reporting field errors instead of throwing. What a viewer or an embed may see is decided
// here too (Audience), so the server and the client strip the same fields.
#pragma once

#include <nlohmann/json.hpp>

#include "shipboard/model.hpp"
#include "shipboard/result.hpp"

namespace shipboard {

// Who a representation is for. `restricted` (viewers, embed tokens, badges) never carries
// internal notes, customer names, deal values or contacts.
enum class Audience { full, restricted };

// [SECTION] Encoding ------------------------------------------------------------------------
// Restricted forms (what is left out):
//   Item      internal_note, created_by, value_at_stake
//   Customer  name, annual_value, owner_id, contacts, tier (the server should not send
//             customers to restricted audiences at all; this form is the safe fallback)
//   Request   customer_id, customer_name, customer_tier, value_at_stake, quote, created_by
//   Question  customer_id
//   Told      customer_id, text
//   User      login, active
//   Event     data is redacted: see redact_event_data
nlohmann::json to_json(const Money& m);
nlohmann::json to_json(const AnswerBasis& b);
nlohmann::json to_json(const Item& item, Audience audience = Audience::full);
nlohmann::json to_json(const Contact& c);
nlohmann::json to_json(const Customer& c, Audience audience = Audience::full);
nlohmann::json to_json(const Request& r, Audience audience = Audience::full);
nlohmann::json to_json(const Answer& a);
nlohmann::json to_json(const Question& q, Audience audience = Audience::full);
nlohmann::json to_json(const LibraryAnswer& a);
nlohmann::json to_json(const Release& r);
nlohmann::json to_json(const Told& t, Audience audience = Audience::full);
nlohmann::json to_json(const Notification& n);
nlohmann::json to_json(const User& u, Audience audience = Audience::full);
nlohmann::json to_json(const EmbedToken& t);  // never includes the secret token itself
nlohmann::json to_json(const Event& e, Audience audience = Audience::full);

// Event data as a restricted audience may see it: for customer, request and told events
// the data is dropped entirely ({}); otherwise the keys internal_note, value_at_stake,
// annual_value, customer_id, customer_name, contacts, quote and created_by are removed at
// every depth.
nlohmann::json redact_event_data(std::string_view entity, const nlohmann::json& data);

// [SECTION] Decoding the server's representation ----------------------------------------------
// Lenient about absent fields (they keep their defaults, so restricted forms decode too) and
// strict about types and enum values. Unknown fields are ignored (servers may add fields).
// `field` names the object in error paths.
Decoded<Money> decode_money(const nlohmann::json& j, const std::string& field = "money");
Decoded<AnswerBasis> decode_answer_basis(const nlohmann::json& j);
Decoded<Item> decode_item(const nlohmann::json& j);
Decoded<Customer> decode_customer(const nlohmann::json& j);
Decoded<Request> decode_request(const nlohmann::json& j);
Decoded<Answer> decode_answer(const nlohmann::json& j);
Decoded<Question> decode_question(const nlohmann::json& j);
Decoded<LibraryAnswer> decode_library_answer(const nlohmann::json& j);
Decoded<Release> decode_release(const nlohmann::json& j);
Decoded<Told> decode_told(const nlohmann::json& j);
Decoded<Notification> decode_notification(const nlohmann::json& j);
Decoded<User> decode_user(const nlohmann::json& j);
Decoded<EmbedToken> decode_embed_token(const nlohmann::json& j);
Decoded<Event> decode_event(const nlohmann::json& j);

// Parses text without throwing; nullopt for malformed JSON (nlohmann non-throwing parse).
std::optional<nlohmann::json> parse_json(std::string_view text);

// A request body: valid JSON in which no object names a key twice. Parsers disagree on which
// of two values wins (nlohmann keeps the last, many keep the first), so a proxy or audit log
// on the way could read another body than the server: such a body is refused, naming the key.
struct BodyParse {
  std::optional<nlohmann::json> value;  // set when the body is acceptable
  std::string duplicate_key;            // the first key seen twice in one object, if any
};
BodyParse parse_json_body(std::string_view text);

}  // namespace shipboard
