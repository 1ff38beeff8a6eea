// The role x action table and the ownership rules (see permissions.hpp for the decisions).
#include "shipboard/permissions.hpp"

#include <utility>

namespace shipboard {
namespace {

// Bit per role: admin, pm, support, sales, viewer.
constexpr unsigned kAdmin = 1u << 0, kPm = 1u << 1, kSupport = 1u << 2, kSales = 1u << 3,
                   kViewer = 1u << 4;
constexpr unsigned kAll = kAdmin | kPm | kSupport | kSales | kViewer;
constexpr unsigned kAllButViewer = kAll & ~kViewer;
constexpr unsigned kFilers = kPm | kSupport | kSales;

struct Row {
  Action action;
  std::string_view name;
  unsigned roles;
  bool embed;
};

constexpr Row kTable[] = {
    {Action::list_items, "list_items", kAll, true},
    {Action::read_item, "read_item", kAll, true},
    {Action::create_item, "create_item", kFilers, false},
    {Action::patch_item_pm_fields, "patch_item_pm_fields", kPm, false},
    {Action::patch_item_author_fields, "patch_item_author_fields", kFilers, false},
    {Action::merge_items, "merge_items", kPm, false},
    {Action::list_requests, "list_requests", kAll, true},
    {Action::create_request, "create_request", kFilers, false},
    {Action::read_history, "read_history", kAllButViewer, false},
    {Action::follow, "follow", kAllButViewer, false},
    {Action::list_questions, "list_questions", kAll, true},
    {Action::create_question, "create_question", kFilers, false},
    {Action::answer_question, "answer_question", kPm, false},
    {Action::edit_own_question, "edit_own_question", kFilers, false},
    {Action::list_library, "list_library", kAll, true},
    {Action::create_library, "create_library", kPm, false},
    {Action::patch_library, "patch_library", kPm, false},
    {Action::create_told, "create_told", kSupport | kSales, false},
    {Action::list_told, "list_told", kAllButViewer, false},
    {Action::read_enablement, "read_enablement", kAllButViewer, false},
    {Action::list_releases, "list_releases", kAll, true},
    {Action::create_release, "create_release", kPm, false},
    {Action::patch_release, "patch_release", kPm, false},
    {Action::list_customers, "list_customers", kAllButViewer, false},
    {Action::create_customer, "create_customer", kPm | kSales, false},
    {Action::patch_customer, "patch_customer", kPm | kSales, false},
    {Action::search, "search", kAll, true},
    {Action::read_insights, "read_insights", kAllButViewer, false},
    {Action::read_inbox, "read_inbox", kAll, false},
    {Action::read_events, "read_events", kAll, true},
    {Action::manage_users, "manage_users", kAdmin, false},
    {Action::manage_embed_tokens, "manage_embed_tokens", kAdmin, false},
    {Action::manage_webhooks, "manage_webhooks", kAdmin | kPm, false},
    // CRM data in and out as CSV: the whole board's customers, deals and contacts, so not
    // sales (who see only their own customers' pages) and never an embed.
    {Action::import_data, "import_data", kAdmin | kPm, false},
    {Action::export_data, "export_data", kAdmin | kPm, false},
    {Action::see_internal, "see_internal", kAllButViewer, false},
};
static_assert(std::size(kTable) == kAllActions.size(), "every action needs a row");

constexpr unsigned bit(Role r) {
  switch (r) {
    case Role::admin:
      return kAdmin;
    case Role::pm:
      return kPm;
    case Role::support:
      return kSupport;
    case Role::sales:
      return kSales;
    case Role::viewer:
      return kViewer;
  }
  return 0;
}

const Row* row(Action a) {
  for (const auto& r : kTable)
    if (r.action == a) return &r;
  return nullptr;
}

}  // namespace

std::string_view to_string(Action a) {
  const Row* r = row(a);
  return r ? r->name : "";
}

std::optional<Action> parse_action(std::string_view s) {
  for (const auto& r : kTable)
    if (r.name == s) return r.action;
  return std::nullopt;
}

bool allowed(Role role, Action action) {
  const Row* r = row(action);
  return r != nullptr && (r->roles & bit(role)) != 0;
}

bool embed_allowed(Action action) {
  const Row* r = row(action);
  return r != nullptr && r->embed;
}

Audience audience_for(Role role) {
  return allowed(role, Action::see_internal) ? Audience::full : Audience::restricted;
}

bool may_create_item(Role role, const CreateItem& c) {
  if (!allowed(role, Action::create_item)) return false;
  if (allowed(role, Action::patch_item_pm_fields)) return true;
  return !c.status && !c.release_id && !c.eta && !c.commitment && !c.customer_answer &&
         !c.customer_answers && !c.internal_note && !c.owner_id;
}

bool may_patch_item(Role role, Id actor, const Item& item, const PatchItem& patch) {
  if (allowed(role, Action::patch_item_pm_fields)) return true;
  if (patch.touches_pm_fields()) return false;
  if (!patch.touches_author_fields()) return false;
  return allowed(role, Action::patch_item_author_fields) && item.created_by &&
         *item.created_by == actor && item.status == ItemStatus::under_review;
}

bool may_edit_question(Role role, Id actor, const Question& q) {
  if (role == Role::pm) return true;
  return allowed(role, Action::edit_own_question) && q.asked_by == actor &&
         q.state == QuestionState::open;
}

bool may_patch_customer(Role role, Id actor, const Customer& c) {
  if (!allowed(role, Action::patch_customer)) return false;
  if (role == Role::pm) return true;
  return c.owner_id && *c.owner_id == actor;
}

bool may_manage_webhook(Role role, Id actor, Id created_by, const std::optional<std::string>& area) {
  if (!allowed(role, Action::manage_webhooks)) return false;
  if (role == Role::admin) return true;
  return area && !area->empty() && (created_by == 0 || created_by == actor);
}

bool may_see_pack_coverage(Role role) {
  return allowed(role, Action::read_enablement) && (role == Role::pm || role == Role::admin);
}

bool embed_scope_covers(const EmbedScope& scope, const Item& item) {
  return scope.area.empty() || scope.area == item.area;
}

std::string permission_matrix_markdown() {
  std::string out = "| action |";
  for (Role r : kAllRoles) out += " " + std::string(to_string(r)) + " |";
  out += " embed |\n| --- |";
  for (std::size_t i = 0; i <= kAllRoles.size(); ++i) out += " --- |";
  out += "\n";
  for (const auto& r : kTable) {
    out += "| " + std::string(r.name) + " |";
    for (Role role : kAllRoles) out += (r.roles & bit(role)) ? " yes |" : " - |";
    out += r.embed ? " yes |\n" : " - |\n";
  }
  return out;
}

}  // namespace shipboard
