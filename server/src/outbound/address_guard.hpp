// The address guard for requests the server sends to addresses users typed (webhooks): every
// address is classified (public, loopback, private, link-local, CGNAT, multicast, ...), and a
// connection goes only to a public address or to one inside an operator's --outbound-allow
// blocks. http_client checks it on the exact address libcurl is about to connect to (after DNS,
// so a name that resolves to 127.0.0.1 is refused like the literal); check_webhook_url is the
// earlier, friendlier check when a webhook is created. Pure functions, no network.
#pragma once

#include <sys/socket.h>

#include <optional>
#include <string>
#include <vector>

#include "http/auth_proxy.hpp"  // Cidr, parse_cidr, cidr_contains

namespace shipboard::server::outbound {

using shipboard::server::Cidr;

enum class AddressClass {
  public_,       // anything not below
  loopback,      // 127/8, ::1
  private_,      // 10/8, 172.16/12, 192.168/16
  link_local,    // 169.254/16, fe80::/10
  cgnat,         // 100.64/10 (carrier-grade NAT, RFC 6598)
  multicast,     // 224/4, ff00::/8
  unspecified,   // 0/8, ::
  unique_local,  // fc00::/7
  broadcast,     // 255.255.255.255
  reserved,      // 240/4, 192.0.0/24, 198.18/15, 2001:db8::/32, 100::/64, IPv6 outside 2000::/3
  invalid,       // not an address (a string that does not parse, a family other than IPv4/IPv6)
};

// "a loopback address", "a private address", ... for messages.
const char* describe(AddressClass c);

// IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96) and 6to4
// (2002:aabb:ccdd::/48) IPv6 addresses are classified by the IPv4 address they carry.
AddressClass classify(const sockaddr* address);     // AF_INET or AF_INET6, else invalid
AddressClass classify(const std::string& address);  // "10.0.0.1", "::1" (no brackets, no port)

// The numeric form of an AF_INET / AF_INET6 socket address ("127.0.0.1", "::1"); "" otherwise.
std::string address_text(const sockaddr* address);

// Whether the socket address is inside `block` (an IPv4-mapped address counts as IPv4).
bool cidr_contains(const Cidr& block, const sockaddr* address);

// What an operator allows beyond public addresses (--outbound-allow).
struct AddressPolicy {
  std::vector<Cidr> allow;
};

// Whether `address` is inside one of the policy's allow blocks.
bool allowed_by_list(const AddressPolicy& policy, const sockaddr* address);

// Why a connection to `address` is refused ("127.0.0.1 is a loopback address; --outbound-allow
// must name it"), or nullopt when it is allowed: a public address, or one inside an allow block.
std::optional<std::string> refused(const AddressPolicy& policy, const sockaddr* address);

// The same check for a connection with `scheme` ("http" or "https"): plain http is allowed
// only to an address inside an allow block, not to any public one.
std::optional<std::string> refused_connection(const AddressPolicy& policy, const sockaddr* address,
                                              const std::string& scheme);

// Parses --outbound-allow's value, "CIDR,CIDR" (addresses or blocks, IPv4 or IPv6; blanks around
// entries are ignored, an empty value allows nothing). On success replaces out.allow and returns
// nullopt; otherwise returns the error, naming the bad entry, and leaves `out` unchanged.
std::optional<std::string> parse_allow_list(const std::string& csv, AddressPolicy& out);

}  // namespace shipboard::server::outbound
