// Questions in SQLite: the PM's queue (open first), asking, editing one's own question and
// answering (optionally into the answer library), each notifying the asker and followers.
#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "shipboard/codec.hpp"
#include "shipboard/demand.hpp"
#include "shipboard/permissions.hpp"
#include "shipboard/utf8.hpp"
#include "shipboard/workflow.hpp"
#include "store/rows.hpp"
#include "store/sqlite_store.hpp"

namespace shipboard::store {
namespace {

using nlohmann::json;

const char* const kQuestionColumns =
    "id, item_id, release_id, customer_id, body, state, asked_by, version, created_at, "
    "answered_at";

Question question_row(const db::Statement& s) {
  Question q;
  q.id = s.int64(0);
  q.item_id = s.opt_int64(1);
  q.release_id = s.opt_int64(2);
  q.customer_id = s.opt_int64(3);
  q.body = s.text(4);
  q.state = parse_question_state(s.text(5)).value_or(QuestionState::open);
  q.asked_by = s.int64(6);
  q.version = s.int64(7);
  q.created_at = s.text(8);
  q.answered_at = s.text(9);
  return q;
}

void load_answers(db::Connection& c, Question& q) {
  auto st = c.prepare(
      "SELECT id, question_id, body, author_id, created_at FROM answers WHERE question_id = ?1 "
      "ORDER BY id");
  st.bind(1, q.id);
  while (st.step()) {
    Answer a;
    a.id = st.int64(0);
    a.question_id = st.int64(1);
    a.body = st.text(2);
    a.author_id = st.int64(3);
    a.created_at = st.text(4);
    q.answers.push_back(a);
  }
}

void notify_user(db::Connection& c, Id user, Id event_id, EventType kind, std::optional<Id> item_id,
                 const std::string& text, const std::string& now) {
  c.prepare(
       "INSERT INTO notifications(user_id, event_id, kind, item_id, text, created_at) "
       "VALUES (?1,?2,?3,?4,?5,?6)")
      .bind(1, user)
      .bind(2, event_id)
      .bind(3, to_string(kind))
      .bind(4, item_id)
      .bind(5, text)
      .bind(6, now)
      .run();
}

json id_or_null(const std::optional<Id>& id) {
  return id ? json(*id) : json(nullptr);
}

// What every question event carries: the item and release it is about (item history finds
// question events by json_extract(data, '$.item_id')). Callers add their own fields.
json question_event_data(const Question& q) {
  return json{{"item_id", id_or_null(q.item_id)}, {"release_id", id_or_null(q.release_id)}};
}

}  // namespace

Result<Page<Question>> SqliteStore::list_questions(const QuestionFilter& f) {
  std::string sql = std::string("SELECT q.") + kQuestionColumns;
  for (std::size_t pos = sql.find(", "); pos != std::string::npos; pos = sql.find(", ", pos + 4))
    sql.replace(pos, 2, ", q.");
  sql += " FROM questions q LEFT JOIN customers c ON c.id = q.customer_id WHERE 1=1";
  if (f.state) sql += std::string(" AND q.state = '") + std::string(to_string(*f.state)) + "'";
  if (f.item_id) sql += " AND q.item_id = ?1";
  if (f.release_id) sql += " AND q.release_id = ?2";
  if (f.asked_by) sql += " AND q.asked_by = ?3";
  if (f.area) sql += " AND q.item_id IN (SELECT id FROM items WHERE area = ?6)";
  std::int64_t offset = 0;
  Id after = 0;
  if (!f.cursor.empty()) {
    std::string key;
    Id n = 0;
    if (!decode_cursor(f.cursor, key, n) || (key != "o" && key != "id"))
      return Result<Page<Question>>::fail(Outcome::invalid, "the cursor is not valid",
                                          {{"cursor", "is not a cursor this server issued"}});
    if (key == "o")
      offset = n;
    else
      after = n;
  }
  if (f.by_priority) {
    // Oldest and most valuable first: age in days (at least 1) x (1 + customer value / 1M).
    sql +=
        " ORDER BY (julianday('now') - julianday(q.created_at) + 1) * "
        "(1 + coalesce(c.value_amount, 0) / 100000000.0) DESC, q.id LIMIT ?4 OFFSET ?5";
  } else {
    sql += " AND q.id > ?5 ORDER BY q.id LIMIT ?4";
  }
  auto c = pool_->reader();
  auto st = c->prepare(sql);
  if (f.item_id) st.bind(1, *f.item_id);
  if (f.release_id) st.bind(2, *f.release_id);
  if (f.asked_by) st.bind(3, *f.asked_by);
  if (f.area) st.bind(6, *f.area);
  st.bind(4, f.limit + 1);
  st.bind(5, f.by_priority ? offset : after);
  Page<Question> page;
  while (st.step()) page.items.push_back(question_row(st));
  if (static_cast<int>(page.items.size()) > f.limit) {
    page.items.pop_back();
    page.next_cursor = f.by_priority ? encode_cursor("o", offset + f.limit)
                                     : encode_cursor("id", page.items.back().id);
  }
  for (auto& q : page.items) load_answers(*c, q);
  return Result<Page<Question>>::ok(std::move(page));
}

std::optional<Question> SqliteStore::question(Id id) {
  auto c = pool_->reader();
  auto st = c->prepare(std::string("SELECT ") + kQuestionColumns + " FROM questions WHERE id = ?1");
  st.bind(1, id);
  if (!st.step()) return std::nullopt;
  auto q = question_row(st);
  load_answers(*c, q);
  return q;
}

Result<Question> SqliteStore::create_question(const Actor& actor, const CreateQuestion& cmd,
                                              const std::string& now) {
  auto c = pool_->writer();
  db::Transaction tx(*c);
  FieldErrors errors;
  check_ref(*c, errors, "item_id", "items", cmd.item_id);
  check_ref(*c, errors, "release_id", "releases", cmd.release_id);
  check_ref(*c, errors, "customer_id", "customers", cmd.customer_id);
  if (!errors.empty()) return invalid<Question>(std::move(errors));
  Question q = make_question(cmd, next_id(*c, "questions"), actor.user_id, now);
  c->prepare(
       "INSERT INTO questions(id, item_id, release_id, customer_id, body, state, asked_by, "
       "version, created_at, answered_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)")
      .bind(1, q.id)
      .bind(2, q.item_id)
      .bind(3, q.release_id)
      .bind(4, q.customer_id)
      .bind(5, q.body)
      .bind(6, to_string(q.state))
      .bind(7, q.asked_by)
      .bind(8, q.version)
      .bind(9, q.created_at)
      .bind(10, q.answered_at)
      .run();
  json data = question_event_data(q);
  data["customer_id"] = id_or_null(q.customer_id);
  append_event(*c, EventType::question_created, "question", q.id, now, actor.user_id, data);
  tx.commit();
  notify_written();
  return Result<Question>::ok(q);
}

Result<Question> SqliteStore::patch_question(const Actor& actor, Id id, std::int64_t if_match,
                                             const PatchQuestion& cmd, const std::string& now) {
  auto c = pool_->writer();
  db::Transaction tx(*c);
  auto st = c->prepare(std::string("SELECT ") + kQuestionColumns + " FROM questions WHERE id = ?1");
  st.bind(1, id);
  if (!st.step()) return Result<Question>::fail(Outcome::not_found, "no such question");
  Question q = question_row(st);
  if (q.version != if_match)
    return Result<Question>::fail(
        Outcome::precondition_failed,
        "the question changed since you read it (now version " + std::to_string(q.version) + ")");
  if (q.body == cmd.body) {
    load_answers(*c, q);
    return Result<Question>::ok(q);
  }
  q.body = cmd.body;
  q.version += 1;
  c->prepare("UPDATE questions SET body = ?2, version = ?3 WHERE id = ?1")
      .bind(1, id)
      .bind(2, q.body)
      .bind(3, q.version)
      .run();
  load_answers(*c, q);
  append_event(*c, EventType::question_updated, "question", id, now, actor.user_id,
               question_event_data(q));
  tx.commit();
  notify_written();
  return Result<Question>::ok(q);
}

Result<Question> SqliteStore::answer_question(const Actor& actor, Id id, const AnswerQuestion& cmd,
                                              const std::string& now) {
  auto c = pool_->writer();
  db::Transaction tx(*c);
  auto st = c->prepare(std::string("SELECT ") + kQuestionColumns + " FROM questions WHERE id = ?1");
  st.bind(1, id);
  if (!st.step()) return Result<Question>::fail(Outcome::not_found, "no such question");
  Question q = question_row(st);
  load_answers(*c, q);
  Question after = add_answer(q, cmd, next_id(*c, "answers"), actor.user_id, now);
  const Answer& a = after.answers.back();
  c->prepare(
       "INSERT INTO answers(id, question_id, body, author_id, created_at) "
       "VALUES (?1,?2,?3,?4,?5)")
      .bind(1, a.id)
      .bind(2, id)
      .bind(3, a.body)
      .bind(4, a.author_id)
      .bind(5, a.created_at)
      .run();
  c->prepare(
       "UPDATE questions SET state = ?2, answered_at = ?3, version = version + 1 "
       "WHERE id = ?1")
      .bind(1, id)
      .bind(2, to_string(after.state))
      .bind(3, after.answered_at)
      .run();
  after.version = q.version + 1;
  std::optional<Id> library_id;
  if (cmd.to_library) {
    auto entry =
        library_entry_from_answer(after, a, next_id(*c, "library_answers"), "zh-Hant", now);
    entry.author_id = actor.user_id;
    library_id = insert_library_row(*c, entry);
  }
  json data = question_event_data(q);
  data["answer_id"] = a.id;
  data["library_id"] = id_or_null(library_id);
  Id event =
      append_event(*c, EventType::question_answered, "question", id, now, actor.user_id, data);
  if (q.asked_by != actor.user_id)
    notify_user(*c, q.asked_by, event, EventType::question_answered, q.item_id,
                utf8_prefix(q.body, 300), now);
  json payload = delivery_payload(event, EventType::question_answered, "question", id, now, data);
  payload["question"] = {{"id", id}, {"body", q.body}, {"answer", a.body}};
  std::optional<std::string> area;
  if (q.item_id)
    if (auto item = item_in(*c, *q.item_id)) {
      payload["item"] = delivery_item(*c, *item);
      area = item->area;
    }
  enqueue_deliveries(*c, event, EventType::question_answered, q.item_id, area, payload, now);
  tx.commit();
  notify_written();
  return Result<Question>::ok(after);
}

}  // namespace shipboard::store
