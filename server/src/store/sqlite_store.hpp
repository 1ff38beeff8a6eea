// The SQLite implementation of Store (declarations shared by the store's .cpp files: the
// item, question, customer and seed parts of the backend live in separate files).
#pragma once

#include <functional>
#include <memory>

#include "store/db.hpp"
#include "store/pool.hpp"
#include "store/store.hpp"

namespace shipboard::store {

std::string encode_cursor(const std::string& key, Id id);
bool decode_cursor(const std::string& cursor, std::string& key, Id& id);

namespace rows {
extern const char* const kItemColumns;
extern const char* const kUserColumns;
Item item(const db::Statement& s);
User user(const db::Statement& s, int offset);
}  // namespace rows

class SqliteStore final : public Store {
 public:
  SqliteStore(const std::string& path, const SqliteOptions& options);
  ~SqliteStore() override;

  bool healthy() override;
  std::int64_t count_users() override;
  std::optional<UserRecord> user_by_login(const std::string& login) override;
  std::optional<User> user(Id id) override;
  Result<User> insert_user(const std::string& login, const std::string& name, Role role,
                           const std::string& password_hash, const std::string& now) override;
  void insert_session(const std::string& token_hash, Id user_id, const std::string& csrf_token,
                      const std::string& now, const std::string& expires_at) override;
  std::optional<SessionRecord> session(const std::string& token_hash,
                                       const std::string& now) override;
  void delete_session(const std::string& token_hash) override;

  bool import_board(const BoardImport& board, const std::string& now) override;
  Result<Page<Item>> list_items(const ItemFilter& filter) override;
  std::optional<Item> item(Id id) override;

  std::vector<Event> events_after(Id after, int limit) override;
  Id last_event_id() override;

  void set_on_write(std::function<void()> f) override { on_write_ = std::move(f); }
  std::optional<TokenRecord> api_token(const std::string& token_hash) override;
  std::optional<std::string> embed_token_scope(const std::string& token_hash) override;
  db::Pool& pool() { return *pool_; }

  static Id append_event(db::Connection& c, const std::string& type, const std::string& entity,
                         Id entity_id, const std::string& now, std::optional<Id> actor,
                         const nlohmann::json& data);
  void notify_written();
  // Recomputes customer tiers, item demand, request counts and values (in the caller's
  // transaction).
  static void recompute_derived(db::Connection& c);

 private:
  std::unique_ptr<db::Pool> pool_;
  std::function<void()> on_write_;
};

}  // namespace shipboard::store
