// Search over items, questions (with their answers), the answer library and releases: one
// FTS5 table fed by triggers through sb_index_text(), so Chinese is indexed as unigrams and
// bigrams (1- and 2-character queries match), English as words (prefix-matched), all folded
// to lower case, half-width and Simplified. Ranked by bm25.
#include <sqlite3.h>

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
  std::string sql =
      "SELECT entity, entity_id, bm25(search_index) AS rank FROM search_index "
      "WHERE search_index MATCH ?1";
  if (q.area) {
    sql += " AND entity = 'item' AND entity_id IN (SELECT id FROM items WHERE area = ?3)";
  } else if (q.restricted) {
    sql += " AND entity IN ('item', 'answer', 'release')";
  }
  sql += " ORDER BY rank LIMIT ?2";
  auto c = pool_->reader();
  auto st = c->prepare(sql);
  st.bind(1, match).bind(2, q.limit);
  if (q.area) st.bind(3, *q.area);
  while (st.step()) hits.push_back({st.text(0), st.int64(1), "", "", st.real(2)});
  for (auto& h : hits) {
    const char* sql_one =
        h.entity == "item"       ? "SELECT title, coalesce(nullif(customer_answer, ''), description) FROM items WHERE id = ?1"
        : h.entity == "question" ? "SELECT body, (SELECT body FROM answers WHERE question_id = questions.id ORDER BY id DESC LIMIT 1) FROM questions WHERE id = ?1"
        : h.entity == "answer"   ? "SELECT title, body FROM library_answers WHERE id = ?1"
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
