// Trusted reverse-proxy headers; see auth_proxy.hpp.
#include "http/auth_proxy.hpp"

#include <arpa/inet.h>

#include "shipboard/commands.hpp"
#include "shipboard/json_reader.hpp"
#include "shipboard/utf8.hpp"

namespace shipboard::server {
namespace {

std::optional<Cidr> parse_address(const std::string& text) {
  Cidr out;
  if (inet_pton(AF_INET, text.c_str(), out.bytes.data()) == 1) {
    out.prefix = 32;
    return out;
  }
  if (inet_pton(AF_INET6, text.c_str(), out.bytes.data()) == 1) {
    out.v6 = true;
    out.prefix = 128;
    // An IPv4-mapped address (::ffff:a.b.c.d) is the IPv4 address.
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::equal(mapped, mapped + 12, out.bytes.begin())) {
      std::copy(out.bytes.begin() + 12, out.bytes.end(), out.bytes.begin());
      std::fill(out.bytes.begin() + 4, out.bytes.end(), 0);
      out.v6 = false;
      out.prefix = 32;
    }
    return out;
  }
  return std::nullopt;
}

// A header value as text: valid UTF-8 without control characters, at most `max` bytes.
std::optional<std::string> header_text(const httplib::Request& req, const std::string& name,
                                       std::size_t max) {
  if (name.empty() || !req.has_header(name)) return std::nullopt;
  std::string v = req.get_header_value(name);
  if (v.size() > max || !is_valid_utf8(v)) return std::nullopt;
  for (unsigned char ch : v)
    if (ch < 0x20 || ch == 0x7f) return std::nullopt;
  return v;
}

}  // namespace

std::optional<Cidr> parse_cidr(const std::string& text) {
  auto slash = text.find('/');
  auto block = parse_address(text.substr(0, slash));
  if (!block) return std::nullopt;
  if (slash == std::string::npos) return block;
  const std::string bits = text.substr(slash + 1);
  if (bits.empty() || bits.size() > 3 || bits.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  int n = std::stoi(bits);
  if (n > (block->v6 ? 128 : 32)) return std::nullopt;
  block->prefix = n;
  return block;
}

bool cidr_contains(const Cidr& block, const std::string& address) {
  auto a = parse_address(address);
  if (!a || a->v6 != block.v6) return false;
  int bits = block.prefix;
  for (std::size_t i = 0; bits > 0; ++i, bits -= 8) {
    unsigned mask = bits >= 8 ? 0xffu : (0xffu << (8 - bits)) & 0xffu;
    if ((a->bytes[i] & mask) != (block.bytes[i] & mask)) return false;
  }
  return true;
}

AuthProxy::AuthProxy(const Config& c)
    : header_(c.auth_proxy_header),
      email_header_(c.auth_proxy_email_header),
      name_header_(c.auth_proxy_name_header),
      groups_header_(c.auth_proxy_groups_header) {
  for (const auto& t : c.auth_proxy_trusted)
    if (auto block = parse_cidr(t)) trusted_.push_back(*block);
}

AuthProxy::Reading AuthProxy::read(const httplib::Request& req) const {
  Reading r;
  if (header_.empty() || !req.has_header(header_)) return r;
  bool trusted = false;
  for (const auto& block : trusted_) trusted = trusted || cidr_contains(block, req.remote_addr);
  if (!trusted) {
    r.outcome = Outcome::ignored;
    return r;
  }
  auto login = header_text(req, header_, limits::kMaxLogin);
  if (!login || !is_valid_login(*login)) {
    r.outcome = Outcome::invalid;
    return r;
  }
  r.outcome = Outcome::identity;
  r.identity.login = *login;
  r.identity.email = header_text(req, email_header_, limits::kShortText).value_or("");
  r.identity.name = header_text(req, name_header_, limits::kShortText).value_or("");
  if (!groups_header_.empty()) {
    std::vector<std::string> groups;
    std::string all = header_text(req, groups_header_, 8192).value_or("");
    std::size_t pos = 0;
    while (pos <= all.size()) {
      auto comma = all.find(',', pos);
      std::string g = all.substr(pos, comma == std::string::npos ? comma : comma - pos);
      auto b = g.find_first_not_of(' ');
      if (b != std::string::npos) groups.push_back(g.substr(b, g.find_last_not_of(' ') - b + 1));
      if (comma == std::string::npos) break;
      pos = comma + 1;
    }
    r.identity.groups = std::move(groups);
  }
  return r;
}

}  // namespace shipboard::server
