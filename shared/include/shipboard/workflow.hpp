// The rules of change: the item status state machine, customer-answer staleness, applying
// create/patch commands to entities (with field errors, never half-applied), and the summary
// of what changed that the server turns into events and notifications. Pure functions; time
// ("now", RFC 3339) and ids come in as arguments.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "shipboard/commands.hpp"
#include "shipboard/model.hpp"
#include "shipboard/result.hpp"

namespace shipboard {

// [SECTION] Status state machine ----------------------------------------------------------------
// Active statuses in order: under_review < planned < in_progress < beta < shipped.
//  - same status: always allowed (a no-op);
//  - forward among active statuses, skipping allowed (a bug may go straight to shipped);
//  - backward among under_review..beta allowed (plans slip: beta -> in_progress, ...);
//  - any non-shipped -> declined;
//  - declined -> under_review only (reopen);
//  - shipped is final (a regression is a new bug item).
bool transition_allowed(ItemStatus from, ItemStatus to);
std::vector<ItemStatus> allowed_next_statuses(ItemStatus from);  // excluding `from`

// [SECTION] Customer answer staleness -------------------------------------------------------------
// The item's current status, release and ETA.
AnswerBasis current_basis(const Item& item);
// True when the customer answer is non-empty and was written for a different status, release
// or ETA than the item has now (or its basis is unknown).
bool answer_stale(const Item& item);
// True when what a salesperson told about an item is out of date: the item's status, release,
// ETA or commitment changed since, or (when the item's own answer was told, not a library
// answer) the customer answer's wording in the told language (answer_for_lang) changed.
bool told_stale(const Told& told, const Item& item);

// [SECTION] Items ------------------------------------------------------------------------------
// A new item from a create command. Status defaults to under_review; a customer answer gets
// the new item's basis. `now` is RFC 3339 UTC.
Decoded<Item> make_item(const CreateItem& command, Id id, Id created_by, std::string_view now);

// Applies a patch. Errors (field, message):
//   merged_into  "was merged; edit the item it was merged into"
//   status       "cannot change from <a> to <b>"
//   commitment   "needs an ETA to be committed" (committing without a resulting ETA)
//   eta          "cannot be cleared while the commitment is committed"
//   confirm_answer "there is no customer answer to confirm"
// Writing customer_answer (or confirm_answer: true) resets the answer basis to the item's new
// status/release/ETA. Bumps version, sets updated_at = now, recomputes answer_stale. A patch
// that changes nothing still succeeds (version is bumped only when something changed).
Decoded<Item> apply_patch(const Item& item, const PatchItem& patch, std::string_view now);

// What changed between two versions of an item (for events, notifications, told staleness).
struct ItemChanges {
  bool status = false;
  bool release_id = false;
  bool eta = false;
  bool commitment = false;
  bool customer_answer = false;
  bool answer_confirmed = false;          // basis reset without changing the wording
  bool became_stale = false;              // answer_stale went false -> true
  std::vector<std::string> other_fields;  // kind, title, description, area, internal_note, ...

  // The changes followers and requesters are told about: status, release, ETA, commitment,
  // customer answer.
  bool notable() const { return status || release_id || eta || commitment || customer_answer; }
  bool any() const { return notable() || answer_confirmed || !other_fields.empty(); }
  // Names of changed fields in a fixed order: status, release_id, eta, commitment,
  // customer_answer, then other_fields.
  std::vector<std::string> fields() const;
};
ItemChanges diff_items(const Item& before, const Item& after);
// {"status": {"from": "planned", "to": "beta"}, ...} for every changed field (internal_note
// and description report only {"changed": true}), for an event's data.
nlohmann::json changes_to_json(const Item& before, const Item& after);
// The most specific event type for a change: item.status_changed, item.eta_changed,
// item.answer_changed, item.answer_confirmed, else item.updated.
EventType event_type_for(const ItemChanges& changes);

// Merging `from` into `into`: errors on "into" when they are the same item, either is already
// merged, or `into` is declined.
FieldErrors check_merge(const Item& from, const Item& into);

// [SECTION] Other entities -----------------------------------------------------------------------
Release make_release(const CreateRelease& command, Id id, std::string_view now);
// Error "shipped_date" when the result is released without a shipped date.
Decoded<Release> apply_patch(const Release& release, const PatchRelease& patch,
                             std::string_view now);

// owner_id defaults to `actor` when the command has none. Error "partner_id" when the partner
// is the customer itself.
Decoded<Customer> make_customer(const CreateCustomer& command, Id id, Id actor,
                                std::string_view now);
// Checks the channel rule on the result (partner needs partner_id; direct has none; a customer
// is not its own partner). Switching to direct without naming partner_id clears the partner.
// Tier is left as is (demand.hpp recomputes tiers).
Decoded<Customer> apply_patch(const Customer& customer, const PatchCustomer& patch,
                              std::string_view now);

LibraryAnswer make_library_answer(const CreateLibraryAnswer& command, Id id, Id author,
                                  std::string_view now);
LibraryAnswer apply_patch(const LibraryAnswer& answer, const PatchLibraryAnswer& patch,
                          std::string_view now);

Question make_question(const CreateQuestion& command, Id id, Id asked_by, std::string_view now);
// Appends the answer and marks the question answered (answered_at = now on the first answer).
Question add_answer(const Question& question, const AnswerQuestion& command, Id answer_id,
                    Id author, std::string_view now);
// A library entry made from an answered question (to_library): title = the question's body
// cut to 80 code points, body = the answer.
LibraryAnswer library_entry_from_answer(const Question& question, const Answer& answer, Id id,
                                        std::string_view lang, std::string_view now);

// A told-log entry: text = the library answer's body when one was told, else the item's
// customer answer in `command.lang` (answer_for_lang; absent = kBoardLang: the main answer),
// lang = that language; basis and commitment = the item's at that moment (when an item).
Told make_told(const CreateTold& command, Id id, Id user, const Item* item,
               const LibraryAnswer* answer, std::string_view now);

// Applies a user patch (password is handled by the server: hashing is not the core's job).
User apply_patch(const User& user, const PatchUser& patch);

}  // namespace shipboard
