// Fuzz harness: JSON -> command decoding (shipboard/commands.hpp) and the lenient decoders of
// the server's representation (shipboard/codec.hpp). Input: a first line naming the decoder
// ("create_item") and the JSON text after it; an unknown first line picks a decoder by its
// hash, so mutated names still exercise something. Checked for every input: no crash or
// exception, `value` is set exactly when there are no field errors, error texts are valid
// UTF-8, and a decoded command re-encoded with to_json decodes again to an equal command
// (client and server agree); a decoded entity survives encode -> decode unchanged.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "shipboard/codec.hpp"
#include "shipboard/commands.hpp"
#include "shipboard/json_reader.hpp"

namespace {

using nlohmann::json;
using namespace shipboard;

template <class T>
void check_shape(const Decoded<T>& d) {
  FUZZ_CHECK(d.value.has_value() == d.errors.empty());
  FUZZ_CHECK(d.ok() == d.errors.empty());
  for (const auto& e : d.errors) {
    FUZZ_CHECK(!e.message.empty());
    FUZZ_CHECK(is_valid_utf8(e.field));
    FUZZ_CHECK(is_valid_utf8(e.message));
  }
}

// A command: decode, and when it decodes, encode and decode again.
template <class T>
std::function<void(const json&)> command(Decoded<T> (*decode)(const json&)) {
  return [decode](const json& j) {
    Decoded<T> d = decode(j);
    check_shape(d);
    if (!d.ok()) return;
    json again = to_json(*d.value);
    (void)again.dump();  // strict: throws on invalid UTF-8
    Decoded<T> d2 = decode(again);
    check_shape(d2);
    FUZZ_CHECK(d2.ok());
    FUZZ_CHECK(*d2.value == *d.value);
  };
}

// An entity as the server sends it: decode; a decoded entity encodes (full audience) and
// decodes back to itself, and its restricted form decodes too.
template <class T>
std::function<void(const json&)> entity(Decoded<T> (*decode)(const json&)) {
  return [decode](const json& j) {
    Decoded<T> d = decode(j);
    check_shape(d);
    if (!d.ok()) return;
    json again;
    if constexpr (requires { to_json(*d.value, Audience::full); })
      again = to_json(*d.value, Audience::full);
    else
      again = to_json(*d.value);
    (void)again.dump();
    Decoded<T> d2 = decode(again);
    check_shape(d2);
    FUZZ_CHECK(d2.ok());
    FUZZ_CHECK(*d2.value == *d.value);
    if constexpr (requires { to_json(*d.value, Audience::restricted); })
      check_shape(decode(to_json(*d.value, Audience::restricted)));
  };
}

Decoded<Money> decode_money_default(const json& j) {
  return decode_money(j);
}

struct Decoder {
  const char* name;
  std::function<void(const json&)> run;
};

const std::vector<Decoder>& decoders() {
  static const std::vector<Decoder> all = {
      {"create_item", command(&decode_create_item)},
      {"patch_item", command(&decode_patch_item)},
      {"merge_item", command(&decode_merge_item)},
      {"create_request", command(&decode_create_request)},
      {"create_question", command(&decode_create_question)},
      {"patch_question", command(&decode_patch_question)},
      {"answer_question", command(&decode_answer_question)},
      {"create_library_answer", command(&decode_create_library_answer)},
      {"patch_library_answer", command(&decode_patch_library_answer)},
      {"create_told", command(&decode_create_told)},
      {"create_release", command(&decode_create_release)},
      {"patch_release", command(&decode_patch_release)},
      {"create_customer", command(&decode_create_customer)},
      {"patch_customer", command(&decode_patch_customer)},
      {"create_user", command(&decode_create_user)},
      {"patch_user", command(&decode_patch_user)},
      {"sign_in", command(&decode_sign_in)},
      {"create_embed_token", command(&decode_create_embed_token)},
      {"mark_read", command(&decode_mark_read)},
      {"money", entity(&decode_money_default)},
      {"answer_basis", entity(&decode_answer_basis)},
      {"item", entity(&decode_item)},
      {"customer", entity(&decode_customer)},
      {"request", entity(&decode_request)},
      {"answer", entity(&decode_answer)},
      {"question", entity(&decode_question)},
      {"library_answer", entity(&decode_library_answer)},
      {"release", entity(&decode_release)},
      {"told", entity(&decode_told)},
      {"notification", entity(&decode_notification)},
      {"user", entity(&decode_user)},
      {"embed_token", entity(&decode_embed_token)},
      {"event", entity(&decode_event)},
  };
  return all;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  const auto& all = decoders();
  std::string_view name = in, body = in;
  auto nl = in.find('\n');
  if (nl != std::string_view::npos) {
    name = in.substr(0, nl);
    body = in.substr(nl + 1);
  }
  const Decoder* chosen = nullptr;
  for (const auto& d : all)
    if (name == d.name) chosen = &d;
  if (!chosen) {
    std::uint32_t h = 2166136261u;  // FNV-1a of the first line
    for (unsigned char c : name) h = (h ^ c) * 16777619u;
    chosen = &all[h % all.size()];
  }
  auto j = parse_json(body);
  if (!j) return 0;
  chosen->run(*j);
  return 0;
}
