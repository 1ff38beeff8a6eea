// Company groups to roles; see role_map.hpp.
#include "http/role_map.hpp"

#include <algorithm>

#include "shipboard/permissions.hpp"

namespace shipboard::server {
namespace {

std::string trimmed(const std::string& s) {
  auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// Lower is stronger: the order of kAllRoles (admin, pm, support, sales, viewer).
std::size_t strength(Role r) {
  return static_cast<std::size_t>(std::find(kAllRoles.begin(), kAllRoles.end(), r) -
                                  kAllRoles.begin());
}

}  // namespace

std::string role_map_error(const std::string& text) {
  if (trimmed(text).empty()) return "the role map is empty";
  std::size_t pos = 0;
  while (pos <= text.size()) {
    auto comma = text.find(',', pos);
    std::string entry = trimmed(text.substr(pos, comma == std::string::npos ? comma : comma - pos));
    if (!entry.empty()) {
      auto eq = entry.find('=');
      if (eq == std::string::npos) return "\"" + entry + "\" is not ROLE=GROUP";
      std::string role = trimmed(entry.substr(0, eq)), group = trimmed(entry.substr(eq + 1));
      if (!parse_role(role))
        return "\"" + role + "\" is not a role (admin, pm, support, sales, viewer)";
      if (group.empty()) return "the group of " + role + " is empty";
    }
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return "";
}

std::optional<std::vector<RoleGrant>> parse_role_map(const std::string& text) {
  if (!role_map_error(text).empty()) return std::nullopt;
  std::vector<RoleGrant> out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    auto comma = text.find(',', pos);
    std::string entry = trimmed(text.substr(pos, comma == std::string::npos ? comma : comma - pos));
    if (auto eq = entry.find('='); eq != std::string::npos)
      out.push_back({trimmed(entry.substr(eq + 1)), *parse_role(trimmed(entry.substr(0, eq)))});
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return out;
}

std::optional<Role> role_for_groups(const std::vector<RoleGrant>& map,
                                    const std::vector<std::string>& groups) {
  std::optional<Role> best;
  for (const auto& grant : map)
    if (std::find(groups.begin(), groups.end(), grant.group) != groups.end())
      if (!best || strength(grant.role) < strength(*best)) best = grant.role;
  return best;
}

}  // namespace shipboard::server
