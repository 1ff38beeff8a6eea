// The one narrow interface between the HTTP routes and storage. Routes speak the domain
// (core types and commands); a backend turns that into SQL. SQLite (sqlite_store.cpp) is the
// embedded default; a PostgreSQL backend for several processes would implement the same class.
// Expected outcomes (not found, stale version, conflict) are values; only bugs and I/O failures
// throw.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "shipboard/commands.hpp"
#include "shipboard/crm_import.hpp"
#include "shipboard/delivery.hpp"
#include "shipboard/model.hpp"
#include "shipboard/result.hpp"

namespace shipboard::store {

// Who performs an operation (for created_by, events and ownership rules).
struct Actor {
  Id user_id = 0;
  Role role = Role::viewer;
};

enum class Outcome { ok, not_found, forbidden, conflict, precondition_failed, invalid };

template <class T>
struct Result {
  Outcome outcome = Outcome::ok;
  std::optional<T> value;
  FieldErrors errors;  // for Outcome::invalid
  std::string detail;  // human-readable reason for non-ok outcomes

  static Result ok(T v) { return Result{Outcome::ok, std::move(v), {}, {}}; }
  static Result fail(Outcome o, std::string detail, FieldErrors e = {}) {
    return Result{o, std::nullopt, std::move(e), std::move(detail)};
  }
};

template <class T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next_cursor;
};

enum class ItemSort { updated, demand, value, eta, id };

struct ItemFilter {
  std::vector<ItemStatus> statuses;
  std::optional<ItemKind> kind;
  std::optional<std::string> area;
  std::optional<Id> release_id;
  std::optional<Tier> tier;              // items requested by customers of this tier
  std::optional<Id> customer_id;         // items requested by this customer
  std::optional<Id> owner_customers_of;  // items requested by customers this user owns
  ItemSort sort = ItemSort::updated;
  int limit = 50;
  std::string cursor;  // opaque, from a previous page
  bool include_merged = false;
  std::string q;  // full-text filter (same matching as search)
};

// A request with what the PM needs beside it (the customer's name and tier).
struct RequestView {
  Request request;
  std::string customer_name;
  Tier tier = Tier::C;
};

struct QuestionFilter {
  std::optional<QuestionState> state;
  std::optional<Id> item_id;
  std::optional<Id> release_id;
  std::optional<Id> asked_by;
  // Only questions about items of this area (embed tokens scoped to an area).
  std::optional<std::string> area;
  bool by_priority = false;  // open questions by age x customer value (PM inbox)
  int limit = 50;
  std::string cursor;
};

struct SearchQuery {
  std::string q;
  int limit = 20;
  bool restricted = false;          // viewers and embeds: items, releases, library only
  std::optional<std::string> area;  // embed tokens scoped to an area: items of that area
};

struct SearchHit {
  std::string entity;  // item | question | answer | release
  Id id = 0;
  std::string title;
  std::string excerpt;
  double rank = 0;  // lower is better (FTS5 bm25)
};

struct UserRecord {
  User user;
  std::string password_hash;
};

struct SessionRecord {
  User user;
  std::string csrf_token;
};

// A person as a company's identity provider or trusted proxy names them.
struct ExternalIdentity {
  std::string issuer;   // the OpenID `iss`, or "auth-proxy"
  std::string subject;  // the OpenID `sub`, or the proxy's login
  std::string login;    // wanted login (made unique for OpenID; exact for the proxy)
  std::string name;
  std::string email;
  std::optional<Role> role;     // from the role map; nullopt: keep an existing user's role
  bool match_login = false;     // the proxy asserts the login: an existing user of it is them
};

// A company sign-in between /auth/oidc/start and its callback.
struct SignInFlow {
  std::string state_hash;  // BLAKE2b of the `state` sent to the provider
  std::string nonce;
  std::string code_verifier;
  std::string return_to;  // a path on this board
  std::string expires_at;
};

struct TokenRecord {
  User user;  // the admin who made it (bearer tokens act as that user with `role`)
  Role role = Role::viewer;
};

struct EmbedTokenRecord {
  Id id = 0;
  std::string label;
  std::string scope;  // "board" or "area:<name>"
  Id created_by = 0;
  std::string created_at;
  std::optional<std::string> revoked_at;
};

struct ApiTokenRecord {
  Id id = 0;
  std::string label;
  Role role = Role::viewer;
  Id created_by = 0;
  std::string created_at;
  std::optional<std::string> revoked_at;
};

// A chat or webhook channel of the outbox. `secret` is never sent back after creation.
struct Webhook {
  Id id = 0;
  std::string url;
  WebhookFormat format = WebhookFormat::generic;
  std::vector<std::string> events;  // event types; empty = every type that goes out
  std::optional<std::string> area;  // only items of this product area
  std::string lang = "zh-Hant";     // the language of its messages
  std::string secret;               // HMAC key (generic, DingTalk, Feishu); "" = unsigned
  bool active = true;
  std::string disabled_reason;  // why the outbox stopped it (a receiver answered 410)
  Id created_by = 0;
  std::int64_t version = 1;
  std::string created_at;
  std::string updated_at;
};

struct WebhookPatch {
  std::optional<std::string> url;
  std::optional<WebhookFormat> format;
  std::optional<std::vector<std::string>> events;
  std::optional<std::optional<std::string>> area;
  std::optional<std::string> lang;
  std::optional<std::string> secret;  // "" = unsigned
  std::optional<bool> active;         // true also clears disabled_reason
};

struct DeliveryCounts {
  std::int64_t pending = 0, delivered = 0, failed = 0;
};

// One message to one channel or person about one event, sent at least once.
struct Delivery {
  Id id = 0;
  DeliveryChannel channel = DeliveryChannel::webhook;
  std::optional<Id> webhook_id;
  std::optional<Id> user_id;
  std::optional<Id> event_id;
  std::string event_type;
  std::optional<Id> item_id;
  DeliveryState state = DeliveryState::pending;
  bool digest = false;  // an email waiting for the user's daily digest
  int attempts = 0;
  std::string next_attempt_at;
  std::optional<int> last_status;
  std::string last_error;
  std::string payload;  // JSON the message is rendered from
  std::string created_at;
  std::optional<std::string> delivered_at;
  std::string queued_at;  // enqueued, or sent again by hand: the 24 h of retries count from here
};

// How an attempt ended (the worker's report).
struct DeliveryOutcome {
  enum class Kind { delivered, retry, failed, gone } kind = Kind::delivered;
  std::optional<int> status;    // the receiver's HTTP or SMTP code
  std::string error;            // why it failed
  std::string next_attempt_at;  // for retry
};

// A user's email choices.
struct NotificationSettings {
  std::string lang = "zh-Hant";
  std::string digest_time = "09:00";
  std::string utc_offset = "+08:00";
  std::vector<std::pair<std::string, EmailMode>> email_modes;  // kinds not named: now
  EmailMode mode(std::string_view kind) const {
    for (const auto& [k, m] : email_modes)
      if (k == kind) return m;
    return EmailMode::now;
  }
};

// The channels and email recipients a worker is sending to right now.
struct BusyTargets {
  std::vector<Id> webhooks;
  std::vector<Id> users;
};

// What the store needs to know to enqueue: whether email goes out at all (SMTP configured).
struct OutboxOptions {
  bool email = false;
};

// [SECTION] The enablement pack of a release and re-tell prompts (store/enablement.cpp).
// One customer of a pack, with the pack's items it requested or was told about.
struct PackCustomer {
  Customer customer;
  std::optional<Customer> via_partner;  // the partner, when the reader owns it (not the customer)
  std::vector<Id> items;                // pack items it requested or was told about, id order
  std::vector<Id> requested;            // those of them it requested
};

// One rep's progress on a pack: customers to tell, of them told everything now (no stale or
// missing told entry on any of their pack items), and not yet.
struct PackCoverage {
  Id user_id = 0;
  std::string name;
  std::int64_t customers_to_tell = 0, told = 0, not_yet_told = 0;
};

struct EnablementPack {
  Release release;
  std::vector<Item> items;             // in_enablement_pack, id order (at most 1000)
  std::vector<LibraryAnswer> library;  // answer-library entries of those items (at most 2000)
  // The latest told entry for each (customer, item) of the pack, by anyone.
  std::map<std::pair<Id, Id>, Told> latest_told;
  std::vector<PackCustomer> customers;  // the reader's, by annual value (largest first)
  bool truncated = false;               // more than kMaxPackCustomers
  std::vector<PackCoverage> coverage;   // when asked for: every rep with customers in it
};
inline constexpr std::size_t kMaxPackCustomers = 500;

// A (customer, item) pair whose latest told entry by the reader is stale.
struct RetellEntry {
  Told told;
  std::string customer_name;
  Item item;  // as it is now
};
struct Retell {
  std::int64_t count = 0;           // every stale pair
  std::vector<RetellEntry> items;   // the newest `limit` of them
};

// A whole board to import in one transaction: the demo data and generated benchmark boards.
// Ids are assigned by the caller (1..n in each vector) so references can be written directly.
struct BoardImport {
  struct UserRow {
    User user;
    std::string password_hash;
  };
  std::vector<UserRow> users;
  std::vector<Release> releases;
  std::vector<Customer> customers;
  std::vector<Item> items;
  std::vector<Request> requests;
  std::vector<Question> questions;  // with their answers
  std::vector<LibraryAnswer> library;
  std::vector<Follow> follows;
};

// [SECTION] CRM import and export (store/crm_import.cpp; the CSV bytes are server/src/import/)
// The rows of one CSV import, their columns already mapped to import_fields(kind).
struct ImportRows {
  ImportKind kind = ImportKind::customers;
  bool dry_run = true;
  std::vector<std::string> fields;             // per column: the field, "" = ignored
  std::vector<std::vector<std::string>> rows;  // data rows, after the header
  std::vector<std::int64_t> row_numbers;       // each row's record number (the header is 1)
  Id job_id = 0;                               // for the board.imported event
};
// Why a row was refused: its number, the field and the reason.
struct ImportIssue {
  std::int64_t row = 0;
  std::string column;
  std::string reason;
};
struct ImportPreviewRow {
  std::int64_t row = 0;
  std::string action;  // create | update | refuse
  std::string key;     // external_id, id or title: what the row is matched by
  std::string name;
};
// What an import did, or (dry run) would do. Lists are capped at kImportListCap.
struct ImportReport {
  std::int64_t created = 0, updated = 0, refused = 0;
  std::vector<ImportIssue> errors;
  std::int64_t errors_total = 0;
  std::vector<ImportPreviewRow> preview;
  bool written = false;  // committed (never for a dry run, never with a refused row)
};
inline constexpr std::size_t kImportListCap = 1000;
// A saved header -> field mapping of one source ("salesforce") for one kind.
struct ImportMapping {
  std::string source;
  ImportKind kind = ImportKind::customers;
  std::vector<std::pair<std::string, std::string>> columns;  // header -> field ("" = ignore)
  std::optional<Id> updated_by;
  std::string updated_at;
};

class Store {
 public:
  virtual ~Store() = default;

  virtual bool healthy() = 0;
  // The schema version the database is at (the last migration applied), -1 when unreadable;
  // and the version this binary's migrations lead to.
  virtual int schema_version() = 0;
  virtual int expected_schema_version() const = 0;
  // Folds the write-ahead log into the database file (at shutdown); false when it could not.
  virtual bool checkpoint() = 0;
  // Called after every committed write (the event hub wakes its streams).
  virtual void set_on_write(std::function<void()> f) = 0;
  // Told the seconds each write transaction held the database (GET /metrics).
  virtual void set_write_observer(std::function<void(double)> f) = 0;

  // [SECTION] users and sessions
  virtual std::int64_t count_users() = 0;
  virtual std::optional<UserRecord> user_by_login(const std::string& login) = 0;
  virtual std::optional<User> user(Id id) = 0;
  virtual Result<User> insert_user(const std::string& login, const std::string& name, Role role,
                                   const std::string& password_hash, const std::string& now,
                           const std::string& email = {}) = 0;
  virtual void insert_session(const std::string& token_hash, Id user_id,
                              const std::string& csrf_token, const std::string& now,
                              const std::string& expires_at) = 0;
  virtual std::optional<SessionRecord> session(const std::string& token_hash,
                                               const std::string& now) = 0;
  virtual void delete_session(const std::string& token_hash) = 0;
  virtual std::optional<TokenRecord> api_token(const std::string& token_hash) = 0;
  // [SECTION] company sign-in (store/identities.cpp)
  // The user of (issuer, subject), with name, email and role brought up to date, or a new one.
  // forbidden: the user is deactivated, or new and without a role; nothing is written then.
  // A read when nothing changed, so a proxied request does not write.
  virtual Result<User> sign_in_identity(const ExternalIdentity& identity,
                                        const std::string& now) = 0;
  virtual void insert_sign_in_flow(const SignInFlow& flow) = 0;
  // Takes (reads and deletes) a live flow; nullopt when unknown, used or expired.
  virtual std::optional<SignInFlow> take_sign_in_flow(const std::string& state_hash,
                                                      const std::string& now) = 0;
  // A random secret of the board made by its migrations ("proxy_csrf"); "" when unknown.
  virtual std::string board_secret(const std::string& name) = 0;
  // The scope ("board" or "area:<name>") of a live embed token.
  virtual std::optional<std::string> embed_token_scope(const std::string& token_hash) = 0;

  // Imports a board into an empty database (refused when items exist) and recomputes every
  // derived value. Returns false when the database is not empty.
  virtual bool import_board(const BoardImport& board, const std::string& now) = 0;

  // [SECTION] items, requests, questions, told, follows, inbox (store/items.cpp, questions.cpp,
  // told.cpp, events.cpp)
  virtual Result<Page<Item>> list_items(const ItemFilter& filter) = 0;
  virtual std::optional<Item> item(Id id) = 0;
  // The open items (not merged away) whose titles are most like `title` (glossary.hpp's
  // title_likeness, at least `min_score`), best first, at most `limit`: (id, score).
  virtual std::vector<std::pair<Id, double>> similar_items(std::string_view title, int limit,
                                                           double min_score) = 0;
  virtual Result<Item> create_item(const Actor& actor, const CreateItem& cmd,
                                   const std::string& now) = 0;
  // Version checked against if_match in the transaction; notifications for notable changes.
  virtual Result<Item> patch_item(const Actor& actor, Id id, std::int64_t if_match,
                                  const PatchItem& cmd, const std::string& now) = 0;
  // Requests, followers and questions move to `into`; `from` is marked merged.
  virtual Result<Item> merge_item(const Actor& actor, Id from, Id into, const std::string& now) = 0;
  virtual Result<std::vector<RequestView>> list_requests(Id item_id) = 0;
  virtual Result<Request> create_request(const Actor& actor, Id item_id, const CreateRequest& cmd,
                                         const std::string& now) = 0;
  virtual Result<Page<Event>> item_history(Id item_id, int limit, const std::string& cursor) = 0;
  virtual Result<bool> set_follow(Id user_id, Id item_id, bool follow) = 0;
  virtual bool is_following(Id user_id, Id item_id) = 0;

  virtual Result<Page<Question>> list_questions(const QuestionFilter& filter) = 0;
  virtual std::optional<Question> question(Id id) = 0;
  virtual Result<Question> create_question(const Actor& actor, const CreateQuestion& cmd,
                                           const std::string& now) = 0;
  virtual Result<Question> patch_question(const Actor& actor, Id id, std::int64_t if_match,
                                          const PatchQuestion& cmd, const std::string& now) = 0;
  virtual Result<Question> answer_question(const Actor& actor, Id id, const AnswerQuestion& cmd,
                                           const std::string& now) = 0;
  virtual Result<Told> create_told(const Actor& actor, const CreateTold& cmd,
                                   const std::string& now) = 0;
  // What this user told customers, with whether it is stale now.
  virtual std::vector<std::pair<Told, bool>> told_by(Id user_id, int limit) = 0;

  virtual Result<Page<Notification>> inbox(Id user_id, int limit, const std::string& cursor,
                                           bool unread_only) = 0;
  virtual std::int64_t unread_count(Id user_id) = 0;
  virtual int mark_read(Id user_id, const MarkRead& cmd) = 0;

  // [SECTION] enablement (store/enablement.cpp)
  // The pack of a release for `reader`: customers they own and end customers under a partner
  // they own. not_found for an unknown release. `coverage`: also every rep's counts.
  virtual Result<EnablementPack> enablement_pack(Id release_id, Id reader, bool coverage) = 0;
  // The reader's (customer, item) pairs whose latest told entry (theirs) is stale now.
  virtual Retell retell(Id reader, int limit) = 0;

  // [SECTION] search (store/search.cpp)
  virtual std::vector<SearchHit> search(const SearchQuery& query) = 0;

  // [SECTION] catalog: releases, customers, answer library, users, tokens
  // (store/releases.cpp, customers.cpp, answers.cpp, users.cpp). Writes check `if_match` against the row's version inside the
  // transaction (Outcome::precondition_failed when stale), bump the version, append an event
  // and, for customers, recompute tiers and demand.
  virtual Result<Page<Release>> list_releases(int limit, const std::string& cursor) = 0;
  virtual std::optional<Release> release(Id id) = 0;
  virtual Result<Release> create_release(const Actor& actor, const CreateRelease& cmd,
                                         const std::string& now) = 0;
  virtual Result<Release> patch_release(const Actor& actor, Id id, std::int64_t if_match,
                                        const PatchRelease& cmd, const std::string& now) = 0;

  virtual Result<Page<Customer>> list_customers(int limit, const std::string& cursor,
                                                std::optional<Id> owner_id) = 0;
  virtual std::optional<Customer> customer(Id id) = 0;
  virtual Result<Customer> create_customer(const Actor& actor, const CreateCustomer& cmd,
                                           const std::string& now) = 0;
  virtual Result<Customer> patch_customer(const Actor& actor, Id id, std::int64_t if_match,
                                          const PatchCustomer& cmd, const std::string& now) = 0;

  virtual Result<Page<LibraryAnswer>> list_library(int limit, const std::string& cursor,
                                                   std::optional<Id> item_id) = 0;
  virtual std::optional<LibraryAnswer> library_answer(Id id) = 0;
  virtual Result<LibraryAnswer> create_library_answer(const Actor& actor,
                                                      const CreateLibraryAnswer& cmd,
                                                      const std::string& now) = 0;
  virtual Result<LibraryAnswer> patch_library_answer(const Actor& actor, Id id,
                                                     std::int64_t if_match,
                                                     const PatchLibraryAnswer& cmd,
                                                     const std::string& now) = 0;

  virtual Result<Page<User>> list_users(int limit, const std::string& cursor) = 0;
  // `password_hash` is set when the patch changes the password (the route hashes it).
  // Deactivating a user or changing role or password ends their sessions.
  virtual Result<User> patch_user(const Actor& actor, Id id, std::int64_t if_match,
                                  const PatchUser& cmd,
                                  const std::optional<std::string>& password_hash,
                                  const std::string& now) = 0;

  virtual Result<EmbedTokenRecord> create_embed_token(const Actor& actor, const std::string& label,
                                                      const std::string& scope,
                                                      const std::string& token_hash,
                                                      const std::string& now) = 0;
  virtual std::vector<EmbedTokenRecord> list_embed_tokens() = 0;
  virtual bool revoke_embed_token(const Actor& actor, Id id, const std::string& now) = 0;
  virtual Result<ApiTokenRecord> create_api_token(const Actor& actor, const std::string& label,
                                                  Role role, const std::string& token_hash,
                                                  const std::string& now) = 0;
  virtual std::vector<ApiTokenRecord> list_api_tokens() = 0;
  virtual bool revoke_api_token(const Actor& actor, Id id, const std::string& now) = 0;

  // [SECTION] the outbox (store/webhooks.cpp, store/outbox.cpp). Deliveries are enqueued by
  // the writes that notify (items, questions, releases) in their own transaction.
  virtual void set_outbox_options(const OutboxOptions& options) = 0;
  virtual std::vector<Webhook> list_webhooks(std::optional<Id> created_by) = 0;
  virtual std::optional<Webhook> webhook(Id id) = 0;
  virtual DeliveryCounts delivery_counts(Id webhook_id) = 0;
  virtual Result<Webhook> create_webhook(const Actor& actor, const Webhook& w,
                                         const std::string& now) = 0;
  virtual Result<Webhook> patch_webhook(const Actor& actor, Id id, std::int64_t if_match,
                                        const WebhookPatch& patch, const std::string& now) = 0;
  virtual bool delete_webhook(const Actor& actor, Id id, const std::string& now) = 0;
  // A channel's deliveries, newest first.
  virtual Result<Page<Delivery>> list_deliveries(Id webhook_id, int limit,
                                                 const std::string& cursor) = 0;
  virtual std::optional<Delivery> delivery(Id id) = 0;
  // A "webhook.test" delivery to a channel, due now.
  virtual Delivery enqueue_test_delivery(Id webhook_id, const std::string& payload,
                                         const std::string& now) = 0;
  // Sends a delivery again (same id), due now; nullopt when unknown or being sent.
  virtual std::optional<Delivery> redeliver(Id id, const std::string& now) = 0;
  // Pending deliveries due at `now` and not leased, oldest first, leaving out the channels and
  // recipients in `busy` (one of theirs is being sent: a backlog of theirs must not fill the
  // page and hide the others' due deliveries).
  virtual std::vector<Delivery> due_deliveries(const std::string& now, int limit,
                                               const BusyTargets& busy = {}) = 0;
  // Leases the given due deliveries until `lease_until` and counts an attempt; returns the
  // ids it leased (another worker may have taken some).
  virtual std::vector<Id> lease_deliveries(const std::vector<Id>& ids, const std::string& now,
                                           const std::string& lease_until) = 0;
  virtual void finish_delivery(Id id, const DeliveryOutcome& outcome, const std::string& now) = 0;
  // Ends every lease (at start: a process killed mid-send left its leases behind).
  virtual int release_delivery_leases() = 0;
  virtual NotificationSettings notification_settings(Id user_id) = 0;
  virtual void set_notification_settings(Id user_id, const NotificationSettings& settings) = 0;

  // [SECTION] CRM import and export (store/crm_import.cpp)
  // Validates every row and, unless a dry run, writes them all in one transaction, or none
  // when any row is refused. `progress` is told the rows done so far (every few hundred).
  virtual ImportReport import_rows(const Actor& actor, const ImportRows& rows,
                                   const std::function<void(std::int64_t)>& progress,
                                   const std::string& now) = 0;
  virtual std::vector<ImportMapping> list_import_mappings(int limit) = 0;
  virtual std::optional<ImportMapping> import_mapping(const std::string& source,
                                                      ImportKind kind) = 0;
  virtual void put_import_mapping(const ImportMapping& mapping) = 0;
  // Finished import jobs: their JSON as the API answers it, newest first.
  virtual void save_import_job(Id id, ImportKind kind, const std::string& state,
                               std::optional<Id> created_by, const std::string& created_at,
                               const std::string& finished_at, const nlohmann::json& job) = 0;
  virtual std::vector<nlohmann::json> list_import_jobs(int limit) = 0;
  virtual std::optional<nlohmann::json> import_job(Id id) = 0;
  virtual Id last_import_job_id() = 0;
  // An export as CSV rows: first the header (import_fields of the kind; for "told" the told
  // log's columns), then at most `limit` rows in id order. `what`: customers | requests |
  // items | told.
  virtual std::vector<std::vector<std::string>> export_rows(std::string_view what, int limit) = 0;

  // [SECTION] events
  virtual std::vector<Event> events_after(Id after, int limit) = 0;
  virtual Id last_event_id() = 0;
};

struct SqliteOptions {
  int readers = 4;
  int busy_timeout_ms = 5000;
  std::string synchronous = "FULL";
};

// Opens (creating and migrating) the SQLite database at `path`.
std::unique_ptr<Store> open_sqlite_store(const std::string& path, const SqliteOptions& options);

}  // namespace shipboard::store
