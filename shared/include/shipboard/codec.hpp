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

nlohmann::json to_json(const Money& m);
nlohmann::json to_json(const Item& item, Audience audience = Audience::full);

Decoded<Money> decode_money(const nlohmann::json& j, const std::string& field = "money");
Decoded<Item> decode_item(const nlohmann::json& j);

}  // namespace shipboard
