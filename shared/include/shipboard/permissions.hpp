// Who may do what: ONE table of role x action, used by the server (enforcement) and the
// client (which buttons to show), plus the ownership rules that need the entity at hand.
// The server is the authority; the client only mirrors it. The matrix is documented in
// docs/formulas.md ("Permissions") and printable with permission_matrix_markdown().
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "shipboard/codec.hpp"
#include "shipboard/commands.hpp"
#include "shipboard/model.hpp"

namespace shipboard {

// One per endpoint action of the API (docs: api.md "Resources").
enum class Action {
  list_items,                // GET /items, GET /items/{id} summaries
  read_item,                 // GET /items/{id}
  create_item,               // POST /items
  patch_item_pm_fields,      // PATCH /items/{id}: kind, area, status, release, eta, ...
  patch_item_author_fields,  // PATCH /items/{id}: title, description (own, under_review)
  merge_items,               // POST /items/{id}/merge
  list_requests,             // GET /items/{id}/requests (restricted form for viewers)
  create_request,            // POST /items/{id}/requests
  read_history,              // GET /items/{id}/history
  follow,                    // PUT/DELETE /items/{id}/follow
  list_questions,            // GET /questions
  create_question,           // POST /questions
  answer_question,           // POST /questions/{id}/answers
  edit_own_question,         // PATCH /questions/{id} (see may_edit_question)
  list_library,              // GET /answers
  create_library,            // POST /answers
  patch_library,             // PATCH /answers/{id}
  create_told,               // POST /told
  list_told,                 // GET /told (who told which customer what)
  read_enablement,           // GET /releases/{id}/enablement, GET /me/retell (own customers)
  list_releases,             // GET /releases
  create_release,            // POST /releases
  patch_release,             // PATCH /releases/{id}
  list_customers,            // GET /customers
  create_customer,           // POST /customers
  patch_customer,            // PATCH /customers/{id} (see may_patch_customer)
  search,                    // GET /search
  read_insights,             // demand, value waiting, turnaround
  read_inbox,                // GET /inbox, POST /inbox/read
  read_events,               // GET /events (SSE)
  manage_users,              // GET/POST /users, PATCH /users/{id}
  manage_embed_tokens,       // GET/POST/DELETE /embed-tokens
  manage_webhooks,           // /webhooks, their deliveries (see may_manage_webhook)
  import_data,               // POST /imports, /imports/{id}/commit, GET /imports, mappings
  export_data,               // GET /exports/{customers|requests|items|told}.csv
  see_internal,              // internal notes, customers, deal values, contacts
};

inline constexpr std::array<Action, 36> kAllActions{Action::list_items,
                                                    Action::read_item,
                                                    Action::create_item,
                                                    Action::patch_item_pm_fields,
                                                    Action::patch_item_author_fields,
                                                    Action::merge_items,
                                                    Action::list_requests,
                                                    Action::create_request,
                                                    Action::read_history,
                                                    Action::follow,
                                                    Action::list_questions,
                                                    Action::create_question,
                                                    Action::answer_question,
                                                    Action::edit_own_question,
                                                    Action::list_library,
                                                    Action::create_library,
                                                    Action::patch_library,
                                                    Action::create_told,
                                                    Action::list_told,
                                                    Action::read_enablement,
                                                    Action::list_releases,
                                                    Action::create_release,
                                                    Action::patch_release,
                                                    Action::list_customers,
                                                    Action::create_customer,
                                                    Action::patch_customer,
                                                    Action::search,
                                                    Action::read_insights,
                                                    Action::read_inbox,
                                                    Action::read_events,
                                                    Action::manage_users,
                                                    Action::manage_embed_tokens,
                                                    Action::manage_webhooks,
                                                    Action::import_data,
                                                    Action::export_data,
                                                    Action::see_internal};
inline constexpr std::array<Role, 5> kAllRoles{Role::admin, Role::pm, Role::support, Role::sales,
                                               Role::viewer};

std::string_view to_string(Action a);
std::optional<Action> parse_action(std::string_view s);

// The table. Admin is the operator: it manages users and embed tokens and reads everything
// (including internals), but does not author board content (items, requests, answers,
// releases, customers); an admin who also works as a PM gets a pm account.
bool allowed(Role role, Action action);
// What an embed token (read-only, restricted) may do: list_items, read_item, list_requests,
// list_questions, list_library, list_releases, search, read_events.
bool embed_allowed(Action action);

// Viewers (and embeds and badges) get the restricted representation.
Audience audience_for(Role role);

// [SECTION] Ownership rules ---------------------------------------------------------------------
// Creating an item: pm may set every field; sales and support file a bare card (kind, title,
// description, area) that starts under_review.
bool may_create_item(Role role, const CreateItem& command);

// Patching an item: a pm may change every field of any item. The author (item.created_by ==
// actor, any role with patch_item_author_fields) may change title and description only, and
// only while the item is under_review. A patch mixing fields is allowed only if every field
// is allowed. Merged items cannot be patched by anyone (workflow reports that as 409/422).
bool may_patch_item(Role role, Id actor, const Item& item, const PatchItem& patch);

// Editing a question's body: the asker while it is open; a pm at any time.
bool may_edit_question(Role role, Id actor, const Question& question);

// Patching a customer: a pm any customer; sales only the customers they own.
bool may_patch_customer(Role role, Id actor, const Customer& customer);

// Managing a chat or webhook channel: an admin any channel; a pm only channels of one product
// area (`area` set) that they created. `created_by` 0 is a channel being created.
bool may_manage_webhook(Role role, Id actor, Id created_by, const std::optional<std::string>& area);

// A release's enablement pack: everyone with read_enablement gets the pack of the customers
// they own (and end customers under partners they own); PMs and admins also see every rep's
// coverage (customers to tell, told, not yet told).
bool may_see_pack_coverage(Role role);

// Reading or writing an item through an embed token of this scope (area tokens see only
// their area's items).
bool embed_scope_covers(const EmbedScope& scope, const Item& item);

// The matrix as a Markdown table (for docs and the OpenAPI description).
std::string permission_matrix_markdown();

}  // namespace shipboard
