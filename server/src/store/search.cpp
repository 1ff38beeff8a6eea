// Search over items, questions (with their answers), the answer library and releases: FTS5
// tables fed by triggers through sb_index_text(), so Chinese is indexed as unigrams and
// bigrams (1- and 2-character queries match), English as words (prefix-matched), all folded
// to lower case, half-width and Simplified. Items, answers and releases are ranked by bm25;
// questions (far more numerous) come newest first from their own index (migration 003).
#include <sqlite3.h>

#include <algorithm>

#include "shipboard/search_text.hpp"
#include "store/sqlite_store.hpp"

namespace shipboard::store {
namespace {

void sb_index_text(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (argc != 1 || sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
    return;
  }
  const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  int n = sqlite3_value_bytes(argv[0]);
  std::string out = search_index_text(std::string_view(p ? p : "", p ? n : 0));
  sqlite3_result_text64(ctx, out.data(), out.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

std::string excerpt(const std::string& s, std::size_t max_cp = 120) {
  std::size_t cp = 0, i = 0;
  while (i < s.size() && cp < max_cp) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    ++cp;
  }
  return i >= s.size() ? s : s.substr(0, i) + "…";
}

}  // namespace

void register_search_functions(sqlite3* db) {
  sqlite3_create_function_v2(db, "sb_index_text", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                             sb_index_text, nullptr, nullptr, nullptr);
}

std::string fts_match_expression(std::string_view query) {
  std::string out;
  for (const auto& tok : index_query_tokens(query)) {
    if (tok.empty()) continue;
    std::string quoted = "\"";
    for (char c : tok) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    quoted += "\"";
    bool word = static_cast<unsigned char>(tok[0]) < 0x80;
    if (!out.empty()) out += " AND ";
    out += quoted + (word ? "*" : "");
  }
  return out;
}

std::vector<SearchHit> SqliteStore::search(const SearchQuery& q) {
  std::vector<SearchHit> hits;
  std::string match = fts_match_expression(q.q);
  if (match.empty()) return hits;
  auto c = pool_->reader();
  // Items, library answers and releases: ranked by bm25.
  bool with_questions = !q.restricted && !q.area;
  int question_quota = with_questions ? std::max(3, q.limit / 4) : 0;
  {
    std::string sql =
        "SELECT entity, entity_id, bm25(search_index) AS rank FROM search_index "
        "WHERE search_index MATCH ?1";
    if (q.area)
      sql += " AND entity = 'item' AND entity_id IN (SELECT id FROM items WHERE area = ?3)";
    sql += " ORDER BY rank LIMIT ?2";
    auto st = c->prepare(sql);
    st.bind(1, match).bind(2, q.limit);
    if (q.area) st.bind(3, *q.area);
    while (st.step()) hits.push_back({st.text(0), st.int64(1), "", "", st.real(2)});
  }
  // Questions: the newest matches, after the ranked hits.
  if (with_questions) {
    int room = std::max(question_quota, q.limit - static_cast<int>(hits.size()));
    if (static_cast<int>(hits.size()) > q.limit - question_quota)
      hits.resize(std::max(0, q.limit - question_quota));
    auto st = c->prepare(
        "SELECT question_id FROM question_index WHERE question_index MATCH ?1 "
        "ORDER BY rowid DESC LIMIT ?2");
    st.bind(1, match).bind(2, std::min(room, q.limit));
    while (st.step()) hits.push_back({"question", st.int64(0), "", "", 0});
  }
  for (auto& h : hits) {
    const char* sql_one =
        h.entity == "item" ? "SELECT title, coalesce(nullif(customer_answer, ''), description) "
                             "FROM items WHERE id = ?1"
        : h.entity == "question"
            ? "SELECT body, (SELECT body FROM answers WHERE question_id = questions.id ORDER BY id "
              "DESC LIMIT 1) FROM questions WHERE id = ?1"
        : h.entity == "answer" ? "SELECT title, body FROM library_answers WHERE id = ?1"
                               : "SELECT name, notes FROM releases WHERE id = ?1";
    auto one = c->prepare(sql_one);
    one.bind(1, h.id);
    if (one.step()) {
      h.title = excerpt(one.text(0), 200);
      h.excerpt = excerpt(one.text(1));
    }
  }
  return hits;
}

}  // namespace shipboard::store
