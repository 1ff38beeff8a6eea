// Company groups to Shipboard roles: "pm=GROUP,sales=GROUP,support=GROUP,viewer=GROUP,
// admin=GROUP" (--oidc-role-map), used for OpenID claims and the proxy's groups header alike.
// A user in several mapped groups gets the strongest of their roles; in none, no role at all.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "shipboard/model.hpp"

namespace shipboard::server {

struct RoleGrant {
  std::string group;
  Role role;
};

// Parses the map; entries with an unknown role or an empty group make it fail.
std::optional<std::vector<RoleGrant>> parse_role_map(const std::string& text);
// Why `text` is not a role map ("" when it is one).
std::string role_map_error(const std::string& text);
// The strongest role any of `groups` maps to (admin > pm > support > sales > viewer).
std::optional<Role> role_for_groups(const std::vector<RoleGrant>& map,
                                    const std::vector<std::string>& groups);

}  // namespace shipboard::server
