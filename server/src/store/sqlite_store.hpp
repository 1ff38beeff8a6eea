// The SQLite implementation of Store. Its reads and writes live in one file per entity (items,
// questions, told, releases, customers, answers, users and tokens, events and inbox, search),
// over the plumbing of sqlite_store.cpp, db, pool and migrations; rows.hpp is what they share.
#pragma once

#include <functional>
#include <memory>

#include "store/db.hpp"
#include "store/pool.hpp"
#include "store/store.hpp"

namespace shipboard::store {

// Registers sb_index_text(text) (shipboard::search_index_text) on a connection: the search
// triggers of migration 002 call it.
void register_search_functions(sqlite3* db);
// The FTS5 MATCH expression for a user's query ("" when it has no searchable terms).
std::string fts_match_expression(std::string_view query);

class SqliteStore final : public Store {
 public:
  SqliteStore(const std::string& path, const SqliteOptions& options);
  ~SqliteStore() override;

  bool healthy() override;
  int schema_version() override;
  int expected_schema_version() const override;
  bool checkpoint() override;
  std::int64_t count_users() override;
  std::optional<UserRecord> user_by_login(const std::string& login) override;
  std::optional<User> user(Id id) override;
  Result<User> insert_user(const std::string& login, const std::string& name, Role role,
                           const std::string& password_hash, const std::string& now,
                           const std::string& email = {}) override;
  void insert_session(const std::string& token_hash, Id user_id, const std::string& csrf_token,
                      const std::string& now, const std::string& expires_at) override;
  std::optional<SessionRecord> session(const std::string& token_hash,
                                       const std::string& now) override;
  void delete_session(const std::string& token_hash) override;

  bool import_board(const BoardImport& board, const std::string& now) override;
  Result<Page<Item>> list_items(const ItemFilter& filter) override;
  std::optional<Item> item(Id id) override;
  std::vector<std::pair<Id, double>> similar_items(std::string_view title, int limit,
                                                   double min_score) override;
  Result<Item> create_item(const Actor& actor, const CreateItem& cmd,
                           const std::string& now) override;
  Result<Item> patch_item(const Actor& actor, Id id, std::int64_t if_match, const PatchItem& cmd,
                          const std::string& now) override;
  Result<Item> merge_item(const Actor& actor, Id from, Id into, const std::string& now) override;
  Result<std::vector<RequestView>> list_requests(Id item_id) override;
  Result<Request> create_request(const Actor& actor, Id item_id, const CreateRequest& cmd,
                                 const std::string& now) override;
  Result<Page<Event>> item_history(Id item_id, int limit, const std::string& cursor) override;
  Result<bool> set_follow(Id user_id, Id item_id, bool follow) override;
  bool is_following(Id user_id, Id item_id) override;
  Result<Page<Question>> list_questions(const QuestionFilter& filter) override;
  std::optional<Question> question(Id id) override;
  Result<Question> create_question(const Actor& actor, const CreateQuestion& cmd,
                                   const std::string& now) override;
  Result<Question> patch_question(const Actor& actor, Id id, std::int64_t if_match,
                                  const PatchQuestion& cmd, const std::string& now) override;
  Result<Question> answer_question(const Actor& actor, Id id, const AnswerQuestion& cmd,
                                   const std::string& now) override;
  Result<Told> create_told(const Actor& actor, const CreateTold& cmd,
                           const std::string& now) override;
  std::vector<std::pair<Told, bool>> told_by(Id user_id, int limit) override;
  Result<Page<Notification>> inbox(Id user_id, int limit, const std::string& cursor,
                                   bool unread_only) override;
  std::int64_t unread_count(Id user_id) override;
  int mark_read(Id user_id, const MarkRead& cmd) override;
  std::vector<SearchHit> search(const SearchQuery& query) override;
  Result<EnablementPack> enablement_pack(Id release_id, Id reader, bool coverage) override;
  Retell retell(Id reader, int limit) override;

  Result<Page<Release>> list_releases(int limit, const std::string& cursor) override;
  std::optional<Release> release(Id id) override;
  Result<Release> create_release(const Actor& actor, const CreateRelease& cmd,
                                 const std::string& now) override;
  Result<Release> patch_release(const Actor& actor, Id id, std::int64_t if_match,
                                const PatchRelease& cmd, const std::string& now) override;
  Result<Page<Customer>> list_customers(int limit, const std::string& cursor,
                                        std::optional<Id> owner_id) override;
  std::optional<Customer> customer(Id id) override;
  Result<Customer> create_customer(const Actor& actor, const CreateCustomer& cmd,
                                   const std::string& now) override;
  Result<Customer> patch_customer(const Actor& actor, Id id, std::int64_t if_match,
                                  const PatchCustomer& cmd, const std::string& now) override;
  Result<Page<LibraryAnswer>> list_library(int limit, const std::string& cursor,
                                           std::optional<Id> item_id) override;
  std::optional<LibraryAnswer> library_answer(Id id) override;
  Result<LibraryAnswer> create_library_answer(const Actor& actor, const CreateLibraryAnswer& cmd,
                                              const std::string& now) override;
  Result<LibraryAnswer> patch_library_answer(const Actor& actor, Id id, std::int64_t if_match,
                                             const PatchLibraryAnswer& cmd,
                                             const std::string& now) override;
  Result<Page<User>> list_users(int limit, const std::string& cursor) override;
  Result<User> patch_user(const Actor& actor, Id id, std::int64_t if_match, const PatchUser& cmd,
                          const std::optional<std::string>& password_hash,
                          const std::string& now) override;
  Result<EmbedTokenRecord> create_embed_token(const Actor& actor, const std::string& label,
                                              const std::string& scope,
                                              const std::string& token_hash,
                                              const std::string& now) override;
  std::vector<EmbedTokenRecord> list_embed_tokens() override;
  bool revoke_embed_token(const Actor& actor, Id id, const std::string& now) override;
  Result<ApiTokenRecord> create_api_token(const Actor& actor, const std::string& label, Role role,
                                          const std::string& token_hash,
                                          const std::string& now) override;
  std::vector<ApiTokenRecord> list_api_tokens() override;
  bool revoke_api_token(const Actor& actor, Id id, const std::string& now) override;

  // Inserts a library answer row (also used when a question's answer goes to the library);
  // returns its id. In the caller's transaction.
  static Id insert_library_row(db::Connection& c, const LibraryAnswer& a);

  void set_outbox_options(const OutboxOptions& options) override { outbox_ = options; }
  std::vector<Webhook> list_webhooks(std::optional<Id> created_by) override;
  std::optional<Webhook> webhook(Id id) override;
  DeliveryCounts delivery_counts(Id webhook_id) override;
  Result<Webhook> create_webhook(const Actor& actor, const Webhook& w,
                                 const std::string& now) override;
  Result<Webhook> patch_webhook(const Actor& actor, Id id, std::int64_t if_match,
                                const WebhookPatch& patch, const std::string& now) override;
  bool delete_webhook(const Actor& actor, Id id, const std::string& now) override;
  Result<Page<Delivery>> list_deliveries(Id webhook_id, int limit,
                                         const std::string& cursor) override;
  std::optional<Delivery> delivery(Id id) override;
  Delivery enqueue_test_delivery(Id webhook_id, const std::string& payload,
                                 const std::string& now) override;
  std::optional<Delivery> redeliver(Id id, const std::string& now) override;
  std::vector<Delivery> due_deliveries(const std::string& now, int limit,
                                       const BusyTargets& busy) override;
  std::vector<Id> lease_deliveries(const std::vector<Id>& ids, const std::string& now,
                                   const std::string& lease_until) override;
  void finish_delivery(Id id, const DeliveryOutcome& outcome, const std::string& now) override;
  int release_delivery_leases() override;
  NotificationSettings notification_settings(Id user_id) override;
  void set_notification_settings(Id user_id, const NotificationSettings& settings) override;
  // Enqueues the deliveries of an event that notified people (in the caller's transaction):
  // one per matching active channel, and one email per notified user with an address whose
  // choice for the kind is not off. `payload` is what the messages are rendered from.
  void enqueue_deliveries(db::Connection& c, Id event_id, EventType type,
                          std::optional<Id> item_id, const std::optional<std::string>& area,
                          const nlohmann::json& payload, const std::string& now);

  ImportReport import_rows(const Actor& actor, const ImportRows& rows,
                           const std::function<void(std::int64_t)>& progress,
                           const std::string& now) override;
  std::vector<ImportMapping> list_import_mappings(int limit) override;
  std::optional<ImportMapping> import_mapping(const std::string& source,
                                              ImportKind kind) override;
  void put_import_mapping(const ImportMapping& mapping) override;
  void save_import_job(Id id, ImportKind kind, const std::string& state,
                       std::optional<Id> created_by, const std::string& created_at,
                       const std::string& finished_at, const nlohmann::json& job) override;
  std::vector<nlohmann::json> list_import_jobs(int limit) override;
  std::optional<nlohmann::json> import_job(Id id) override;
  Id last_import_job_id() override;
  std::vector<std::vector<std::string>> export_rows(std::string_view what, int limit) override;

  std::vector<Event> events_after(Id after, int limit) override;
  Id last_event_id() override;

  void set_on_write(std::function<void()> f) override { on_write_ = std::move(f); }
  void set_write_observer(std::function<void(double)> f) override {
    pool_->set_write_observer(std::move(f));
  }
  std::optional<TokenRecord> api_token(const std::string& token_hash) override;
  Result<User> sign_in_identity(const ExternalIdentity& identity, const std::string& now) override;
  void insert_sign_in_flow(const SignInFlow& flow) override;
  std::optional<SignInFlow> take_sign_in_flow(const std::string& state_hash,
                                              const std::string& now) override;
  std::string board_secret(const std::string& name) override;
  std::optional<std::string> embed_token_scope(const std::string& token_hash) override;
  db::Pool& pool() { return *pool_; }

  static Id append_event(db::Connection& c, EventType type, const std::string& entity,
                         Id entity_id, const std::string& now, std::optional<Id> actor,
                         const nlohmann::json& data);
  void notify_written();
  // Recomputes customer tiers, item demand, request counts and values (in the caller's
  // transaction).
  static void recompute_derived(db::Connection& c);
  // Demand, request count and value at stake of one item (tiers unchanged).
  static void recompute_item_demand(db::Connection& c, Id item_id);
  static std::optional<Item> item_in(db::Connection& c, Id id);
  static void insert_item_row(db::Connection& c, const Item& item);
  // Fills customer_answers of `items` from item_answers (one query).
  static void load_item_answers(db::Connection& c, std::vector<Item>& items);
  // Re-tell prompts (store/enablement.cpp), in the caller's transaction after an item changed
  // notably (`event` is that change): every latest told entry about the item that is stale
  // now gets its teller a told.stale inbox entry, or refreshes the unread one they have.
  static void prompt_retell(db::Connection& c, const Item& after, const std::string& now);
  // After a re-tell: the teller's unread told.stale entries for (customer, item) are read.
  static void clear_retell(db::Connection& c, Id user_id, Id customer_id, Id item_id);

 private:
  std::unique_ptr<db::Pool> pool_;
  std::function<void()> on_write_;
  OutboxOptions outbox_;
};

}  // namespace shipboard::store
