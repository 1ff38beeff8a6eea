// Hostile input never throws and never half-succeeds: every command decoder and every entity
// decoder gets every field name with every odd JSON value; malformed UTF-8 and random bytes go
// through the JSON parser and the search normaliser. A deterministic generator keeps it
// reproducible.
#include <functional>

#include <catch2/catch.hpp>

#include "shipboard/codec.hpp"
#include "shipboard/commands.hpp"
#include "shipboard/json_reader.hpp"
#include "shipboard/search_text.hpp"

using namespace shipboard;
using nlohmann::json;

namespace {
template <class T>
std::function<std::pair<bool, std::size_t>(const json&)> wrap(Decoded<T> (*f)(const json&)) {
  return [f](const json& j) {
    auto d = f(j);
    return std::make_pair(d.value.has_value(), d.errors.size());
  };
}

const std::vector<std::string> kKeys = {"id",
                                        "title",
                                        "kind",
                                        "status",
                                        "eta",
                                        "release_id",
                                        "owner_id",
                                        "commitment",
                                        "customer_answer",
                                        "internal_note",
                                        "confirm_answer",
                                        "into",
                                        "customer_id",
                                        "importance",
                                        "value_at_stake",
                                        "quote",
                                        "item_id",
                                        "body",
                                        "to_library",
                                        "tags",
                                        "lang",
                                        "answer_id",
                                        "name",
                                        "planned_date",
                                        "shipped_date",
                                        "state",
                                        "notes",
                                        "faq",
                                        "annual_value",
                                        "channel",
                                        "partner_id",
                                        "contacts",
                                        "login",
                                        "role",
                                        "password",
                                        "active",
                                        "label",
                                        "scope",
                                        "ids",
                                        "all",
                                        "answers",
                                        "data",
                                        "answer_basis",
                                        "version",
                                        "",
                                        "\xFF"};

std::vector<json> odd_values() {
  return {nullptr,
          true,
          0,
          -1,
          1.5,
          1e300,
          json(18446744073709551615ull),
          json(std::int64_t{-9223372036854775807LL - 1}),
          "",
          "x",
          "2027-Q1",
          std::string(30000, 'a'),
          json::array(),
          json::array({1, "a", nullptr}),
          json::object(),
          json{{"amount", 1}, {"currency", "CNY"}},
          json::array({json{{"name", 1}}})};
}
}  // namespace

TEST_CASE("decoders survive every field with every odd value") {
  std::vector<std::function<std::pair<bool, std::size_t>(const json&)>> decoders = {
      wrap(decode_create_item),
      wrap(decode_patch_item),
      wrap(decode_merge_item),
      wrap(decode_create_request),
      wrap(decode_create_question),
      wrap(decode_patch_question),
      wrap(decode_answer_question),
      wrap(decode_create_library_answer),
      wrap(decode_patch_library_answer),
      wrap(decode_create_told),
      wrap(decode_create_release),
      wrap(decode_patch_release),
      wrap(decode_create_customer),
      wrap(decode_patch_customer),
      wrap(decode_create_user),
      wrap(decode_patch_user),
      wrap(decode_sign_in),
      wrap(decode_create_embed_token),
      wrap(decode_mark_read),
      wrap(decode_item),
      wrap(decode_customer),
      wrap(decode_request),
      wrap(decode_answer),
      wrap(decode_question),
      wrap(decode_library_answer),
      wrap(decode_release),
      wrap(decode_told),
      wrap(decode_notification),
      wrap(decode_user),
      wrap(decode_embed_token),
      wrap(decode_event),
      wrap(decode_answer_basis)};
  std::size_t runs = 0;
  for (const auto& decode : decoders) {
    for (const json& whole : odd_values()) {
      auto [has_value, errors] = decode(whole);
      CHECK(has_value != (errors > 0));
    }
    for (const auto& key : kKeys) {
      for (const json& v : odd_values()) {
        json body = json::object();
        body[key] = v;
        std::pair<bool, std::size_t> r;
        REQUIRE_NOTHROW(r = decode(body));
        CHECK(r.first != (r.second > 0));  // a value exactly when there are no errors
        ++runs;
      }
    }
  }
  CHECK(runs == decoders.size() * kKeys.size() * odd_values().size());
}

TEST_CASE("random bytes through the parser and the search normaliser") {
  std::uint64_t state = 0x9E3779B97F4A7C15ull;
  auto next = [&state] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<unsigned char>(state >> 56);
  };
  const std::string seeds[] = {"{\"title\":\"", "視頻", "ＬＩＶＥ", "\xE8\xA6", "[1,", "{}"};
  for (int round = 0; round < 2000; ++round) {
    std::string s = seeds[round % 6];
    int n = next() % 40;
    for (int i = 0; i < n; ++i) s += static_cast<char>(next());
    std::optional<json> parsed;
    REQUIRE_NOTHROW(parsed = parse_json(s));
    if (parsed) REQUIRE_NOTHROW(decode_create_item(*parsed));
    std::string norm;
    REQUIRE_NOTHROW(norm = normalize_for_search(s));
    CHECK(is_valid_utf8(norm));
    for (const auto& t : search_terms(s)) CHECK(is_valid_utf8(t));
    CHECK(is_valid_utf8(search_index_text(s)));
  }
}
