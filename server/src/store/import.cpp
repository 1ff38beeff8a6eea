// Bulk import of a whole board (demo data, generated benchmark boards) in one transaction,
// and the recomputation of derived values: customer tiers, item demand, request counts.
#include <nlohmann/json.hpp>

#include "store/sqlite_store.hpp"

namespace shipboard::store {

bool SqliteStore::import_board(const BoardImport& b, const std::string& now) {
  auto c = pool_->writer();
  db::Transaction tx(*c);
  {
    auto st = c->prepare("SELECT count(*) FROM items");
    st.step();
    if (st.int64(0) > 0) return false;
  }
  for (const auto& u : b.users) {
    c->prepare(
         "INSERT INTO users(id, login, name, role, password_hash, active, created_at) "
         "VALUES (?1,?2,?3,?4,?5,?6,?7)")
        .bind(1, u.user.id)
        .bind(2, u.user.login)
        .bind(3, u.user.name)
        .bind(4, to_string(u.user.role))
        .bind(5, u.password_hash)
        .bind(6, u.user.active ? 1 : 0)
        .bind(7, u.user.created_at.empty() ? now : u.user.created_at)
        .run();
  }
  for (const auto& r : b.releases) {
    c->prepare(
         "INSERT INTO releases(id, name, planned_date, shipped_date, state, notes, faq, "
         "created_at, updated_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?8)")
        .bind(1, r.id)
        .bind(2, r.name)
        .bind(3, r.planned_date)
        .bind(4, r.shipped_date)
        .bind(5, to_string(r.state))
        .bind(6, r.notes)
        .bind(7, r.faq)
        .bind(8, r.created_at.empty() ? now : r.created_at)
        .run();
  }
  for (const auto& cu : b.customers) {
    nlohmann::json contacts = nlohmann::json::array();
    for (const auto& ct : cu.contacts)
      contacts.push_back({{"name", ct.name}, {"title", ct.title}, {"role", to_string(ct.role)}});
    c->prepare(
         "INSERT INTO customers(id, name, value_amount, value_currency, channel, "
         "partner_id, owner_id, contacts, created_at, updated_at, lang) "
         "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?9,?10)")
        .bind(1, cu.id)
        .bind(2, cu.name)
        .bind(3, cu.annual_value.amount)
        .bind(4, cu.annual_value.currency)
        .bind(5, to_string(cu.channel))
        .bind(6, cu.partner_id)
        .bind(7, cu.owner_id)
        .bind(8, contacts.dump())
        .bind(9, cu.created_at.empty() ? now : cu.created_at)
        .bind(10, is_valid_lang(cu.lang) ? cu.lang : std::string(kBoardLang))
        .run();
  }
  for (Item it : b.items) {
    if (it.created_at.empty()) it.created_at = now;
    if (it.updated_at.empty()) it.updated_at = it.created_at;
    insert_item_row(*c, it);
  }
  for (const auto& r : b.requests) {
    c->prepare(
         "INSERT INTO requests(id, item_id, customer_id, created_by, importance, "
         "value_amount, value_currency, quote, created_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)")
        .bind(1, r.id)
        .bind(2, r.item_id)
        .bind(3, r.customer_id)
        .bind(4, r.created_by)
        .bind(5, to_string(r.importance))
        .bind(6, r.value_at_stake.amount)
        .bind(7, r.value_at_stake.currency)
        .bind(8, r.quote)
        .bind(9, r.created_at.empty() ? now : r.created_at)
        .run();
  }
  for (const auto& q : b.questions) {
    c->prepare(
         "INSERT INTO questions(id, item_id, release_id, customer_id, body, state, asked_by, "
         "created_at, answered_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)")
        .bind(1, q.id)
        .bind(2, q.item_id)
        .bind(3, q.release_id)
        .bind(4, q.customer_id)
        .bind(5, q.body)
        .bind(6, to_string(q.state))
        .bind(7, q.asked_by)
        .bind(8, q.created_at.empty() ? now : q.created_at)
        .bind(9, q.answered_at)
        .run();
    for (const auto& a : q.answers) {
      c->prepare(
           "INSERT INTO answers(question_id, body, author_id, created_at) "
           "VALUES (?1,?2,?3,?4)")
          .bind(1, q.id)
          .bind(2, a.body)
          .bind(3, a.author_id)
          .bind(4, a.created_at.empty() ? now : a.created_at)
          .run();
    }
  }
  for (const auto& l : b.library) {
    nlohmann::json tags = l.tags;
    c->prepare(
         "INSERT INTO library_answers(id, title, body, tags, item_id, lang, author_id, "
         "created_at, updated_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?8)")
        .bind(1, l.id)
        .bind(2, l.title)
        .bind(3, l.body)
        .bind(4, tags.dump())
        .bind(5, l.item_id)
        .bind(6, l.lang)
        .bind(7, l.author_id)
        .bind(8, l.created_at.empty() ? now : l.created_at)
        .run();
  }
  for (const auto& f : b.follows) {
    c->prepare("INSERT OR IGNORE INTO follows(user_id, item_id) VALUES (?1,?2)")
        .bind(1, f.user_id)
        .bind(2, f.item_id)
        .run();
  }
  recompute_derived(*c);

  append_event(*c, EventType::board_imported, "board", 1, now, std::nullopt,
               {{"items", b.items.size()}, {"requests", b.requests.size()}});
  tx.commit();
  notify_written();
  return true;
}

}  // namespace shipboard::store
