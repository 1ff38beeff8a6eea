// The outbound address guard; see address_guard.hpp. Classification works on the address bytes
// (IPv4 as a host-order 32-bit number, IPv6 as 16 bytes); the allow list reuses the trusted-proxy
// CIDR blocks of http/auth_proxy.
#include "outbound/address_guard.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstdint>
#include <cstring>

namespace shipboard::server::outbound {
namespace {

AddressClass classify_v4(std::uint32_t a) {
  auto in = [a](std::uint32_t net, int bits) { return (a >> (32 - bits)) == (net >> (32 - bits)); };
  if (a == 0xffffffffu) return AddressClass::broadcast;
  if (in(0x00000000u, 8)) return AddressClass::unspecified;  // 0/8, "this network"
  if (in(0x7f000000u, 8)) return AddressClass::loopback;     // 127/8
  if (in(0x0a000000u, 8) || in(0xac100000u, 12) || in(0xc0a80000u, 16))
    return AddressClass::private_;                           // 10/8, 172.16/12, 192.168/16
  if (in(0xa9fe0000u, 16)) return AddressClass::link_local;  // 169.254/16
  if (in(0x64400000u, 10)) return AddressClass::cgnat;       // 100.64/10
  if (in(0xe0000000u, 4)) return AddressClass::multicast;    // 224/4
  if (in(0xf0000000u, 4) || in(0xc0000000u, 24) || in(0xc6120000u, 15))
    return AddressClass::reserved;  // 240/4, 192.0.0/24 (IETF protocol assignments), 198.18/15
  return AddressClass::public_;
}

std::uint32_t v4_at(const unsigned char* b) {
  return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) |
         std::uint32_t{b[3]};
}

bool zeros(const unsigned char* b, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i)
    if (b[i] != 0) return false;
  return true;
}

AddressClass classify_v6(const unsigned char* b) {
  if (zeros(b, 16)) return AddressClass::unspecified;             // ::
  if (zeros(b, 15) && b[15] == 1) return AddressClass::loopback;  // ::1
  // Addresses that carry an IPv4 address: mapped ::ffff:a.b.c.d, compatible ::a.b.c.d (the
  // kernel may still route it to the IPv4 host), NAT64 64:ff9b::a.b.c.d (a translator forwards
  // it there), 6to4 2002:aabb:ccdd:: (a relay forwards it there).
  if (zeros(b, 10) && b[10] == 0xff && b[11] == 0xff) return classify_v4(v4_at(b + 12));
  if (zeros(b, 12)) return classify_v4(v4_at(b + 12));
  static const unsigned char nat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  if (std::memcmp(b, nat64, 12) == 0) return classify_v4(v4_at(b + 12));
  if (b[0] == 0x20 && b[1] == 0x02) return classify_v4(v4_at(b + 2));
  if (b[0] == 0xff) return AddressClass::multicast;                            // ff00::/8
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return AddressClass::link_local;  // fe80::/10
  if ((b[0] & 0xfe) == 0xfc) return AddressClass::unique_local;                // fc00::/7
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8)
    return AddressClass::reserved;  // 2001:db8::/32, documentation
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0)
    return AddressClass::reserved;  // 2001::/32, Teredo (its client address is obfuscated)
  // Only 2000::/3 is global unicast; the rest (the discard-only 100::/64, deprecated site-local
  // fec0::/10, local-use NAT64 64:ff9b:1::/48, unassigned space) is not a webhook's address.
  if ((b[0] & 0xe0) != 0x20) return AddressClass::reserved;
  return AddressClass::public_;
}

}  // namespace

const char* describe(AddressClass c) {
  switch (c) {
    case AddressClass::public_:
      return "a public address";
    case AddressClass::loopback:
      return "a loopback address";
    case AddressClass::private_:
      return "a private address";
    case AddressClass::link_local:
      return "a link-local address";
    case AddressClass::cgnat:
      return "a carrier-grade NAT address";
    case AddressClass::multicast:
      return "a multicast address";
    case AddressClass::unspecified:
      return "an unspecified address";
    case AddressClass::unique_local:
      return "a unique local address";
    case AddressClass::broadcast:
      return "the broadcast address";
    case AddressClass::reserved:
      return "a reserved address";
    case AddressClass::invalid:
      break;
  }
  return "not an IP address";
}

AddressClass classify(const sockaddr* address) {
  if (!address) return AddressClass::invalid;
  if (address->sa_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(address);
    return classify_v4(ntohl(in->sin_addr.s_addr));
  }
  if (address->sa_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(address);
    return classify_v6(in6->sin6_addr.s6_addr);
  }
  return AddressClass::invalid;
}

AddressClass classify(const std::string& address) {
  in_addr v4{};
  if (inet_pton(AF_INET, address.c_str(), &v4) == 1) return classify_v4(ntohl(v4.s_addr));
  in6_addr v6{};
  if (inet_pton(AF_INET6, address.c_str(), &v6) == 1) return classify_v6(v6.s6_addr);
  return AddressClass::invalid;
}

std::string address_text(const sockaddr* address) {
  char buf[INET6_ADDRSTRLEN] = {0};
  if (!address) return "";
  if (address->sa_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(address);
    if (inet_ntop(AF_INET, &in->sin_addr, buf, sizeof buf)) return buf;
  } else if (address->sa_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(address);
    if (inet_ntop(AF_INET6, &in6->sin6_addr, buf, sizeof buf)) return buf;
  }
  return "";
}

bool cidr_contains(const Cidr& block, const sockaddr* address) {
  const std::string text = address_text(address);
  return !text.empty() && shipboard::server::cidr_contains(block, text);
}

bool allowed_by_list(const AddressPolicy& policy, const sockaddr* address) {
  for (const auto& block : policy.allow)
    if (cidr_contains(block, address)) return true;
  return false;
}

std::optional<std::string> refused(const AddressPolicy& policy, const sockaddr* address) {
  const AddressClass c = classify(address);
  if (c == AddressClass::invalid) return std::string("the address is neither IPv4 nor IPv6");
  if (c == AddressClass::public_ || allowed_by_list(policy, address)) return std::nullopt;
  return address_text(address) + " is " + describe(c) + "; --outbound-allow must name it";
}

std::optional<std::string> refused_connection(const AddressPolicy& policy, const sockaddr* address,
                                              const std::string& scheme) {
  if (scheme != "http" && scheme != "https") return "only http and https are allowed";
  if (auto why = refused(policy, address)) return why;
  if (scheme == "http" && !allowed_by_list(policy, address))
    return "plain http to " + address_text(address) +
           " is allowed only to an address --outbound-allow names; use https";
  return std::nullopt;
}

std::optional<std::string> parse_allow_list(const std::string& csv, AddressPolicy& out) {
  std::vector<Cidr> blocks;
  if (csv.find_first_not_of(" \t") == std::string::npos) {
    out.allow.clear();
    return std::nullopt;
  }
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = csv.find(',', start);
    std::string entry = csv.substr(start, comma == std::string::npos ? comma : comma - start);
    const auto first = entry.find_first_not_of(" \t");
    entry = first == std::string::npos
                ? ""
                : entry.substr(first, entry.find_last_not_of(" \t") - first + 1);
    auto block = parse_cidr(entry);
    if (!block)
      return "--outbound-allow: \"" + entry + "\" is not an IPv4 or IPv6 address or CIDR block";
    blocks.push_back(*block);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  out.allow = std::move(blocks);
  return std::nullopt;
}

}  // namespace shipboard::server::outbound
