// `shipboard-server generate`: fills an empty database with a large, realistic-looking board
// (mixed Traditional/Simplified/English titles, customers with a long-tailed value distribution,
// requests, questions) for benchmarks and scale tests.
#include "cli/commands.hpp"

#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

#include "app.hpp"
#include "http/auth.hpp"

namespace shipboard::server {
namespace {

const char* const kTopics[] = {"直播", "視頻會議", "视频会议", "報表", "匯出 Excel", "單一登入 SSO",
                               "单点登录", "自動字幕", "行事曆同步", "推播通知", "白板", "錄影",
                               "儀表板", "API", "權限", "权限管理", "搜尋", "行動版", "離線模式",
                               "多語系", "企業微信", "Slack", "Teams", "資料匯入", "稽核紀錄",
                               "live streaming", "dark mode", "webhooks", "SAML", "analytics"};
const char* const kAspects[] = {"功能", "改善", "整合", "效能", "錯誤", "支援", "設定", "改进",
                                "优化", "bug", "support", "export"};
const char* const kAreas[] = {"媒體", "帳號與安全", "報表", "整合", "行動 App", "開放平台", "會議"};
const char* const kQuestions[] = {"什麼時候可以上線？", "可以跟客戶承諾日期嗎？", "这个功能收费吗？",
                                  "有沒有替代方案？", "支援哪些瀏覽器？", "能不能先給 Beta？",
                                  "客户问能否私有化部署？", "Does it work offline?"};

struct Counts {
  long items = 1000, requests = 5000, questions = 10000, customers = 500;
  unsigned seed = 42;
};

bool parse_counts(const std::vector<std::string>& args, Counts& c, std::string& error) {
  for (std::size_t i = 0; i + 1 < args.size(); i += 2) {
    long v = 0;
    try {
      v = std::stol(args[i + 1]);
    } catch (...) {
      error = args[i] + " needs a number";
      return false;
    }
    if (v < 0 || v > 10'000'000) {
      error = args[i] + " is out of range";
      return false;
    }
    if (args[i] == "--items") c.items = v;
    else if (args[i] == "--requests") c.requests = v;
    else if (args[i] == "--questions") c.questions = v;
    else if (args[i] == "--customers") c.customers = v;
    else if (args[i] == "--seed") c.seed = static_cast<unsigned>(v);
    else {
      error = "unknown option " + args[i];
      return false;
    }
  }
  if (args.size() % 2 != 0) {
    error = "options come in pairs: --items N";
    return false;
  }
  if (c.items > 0 && c.customers == 0 && c.requests > 0) {
    error = "requests need customers";
    return false;
  }
  return true;
}

}  // namespace

int generate(const Config& config, const std::vector<std::string>& args) {
  Counts n;
  std::string error;
  if (!parse_counts(args, n, error)) {
    std::fprintf(stderr, "shipboard-server generate: %s\n", error.c_str());
    return 2;
  }
  auto dir = std::filesystem::path(config.db).parent_path();
  if (!dir.empty()) std::filesystem::create_directories(dir);
  store::SqliteOptions so;
  so.synchronous = "NORMAL";  // one bulk transaction; durability of a generated board is moot
  auto store = store::open_sqlite_store(config.db, so);
  std::mt19937_64 rng(n.seed);
  auto pick = [&](auto& arr) { return arr[rng() % (sizeof(arr) / sizeof(arr[0]))]; };
  auto uniform = [&](long lo, long hi) { return lo + static_cast<long>(rng() % (hi - lo + 1)); };

  store::BoardImport b;
  // All generated accounts share one password: SHIPBOARD_ADMIN_PASSWORD, or a random one that
  // is printed once (no known passwords outside --demo).
  const char* env = std::getenv("SHIPBOARD_ADMIN_PASSWORD");
  std::string password = env && *env ? env : auth::random_secret(18);
  std::string hash = auth::hash_password(password);
  const std::pair<const char*, Role> users[] = {{"admin", Role::admin}, {"pm1", Role::pm},
                                                {"pm2", Role::pm},       {"sales1", Role::sales},
                                                {"sales2", Role::sales}, {"sales3", Role::sales},
                                                {"support1", Role::support},
                                                {"viewer1", Role::viewer}};
  Id uid = 0;
  for (auto& [login, role] : users) {
    User u;
    u.id = ++uid;
    u.login = login;
    u.name = login;
    u.role = role;
    b.users.push_back({u, hash});
  }
  for (Id r = 1; r <= 8; ++r) {
    Release rel;
    rel.id = r;
    rel.name = std::to_string(2026 + (r - 1) / 4) + "." + std::to_string((r - 1) % 4 + 1);
    rel.planned_date = rel.name.substr(0, 4) + "-" + (r % 4 == 0 ? "12" : "0" + std::to_string(r % 4 * 3)) + "-15";
    rel.state = r <= 2 ? ReleaseState::released : r == 3 ? ReleaseState::in_progress : ReleaseState::planned;
    if (r <= 2) rel.shipped_date = rel.planned_date;
    rel.notes = "Release notes " + rel.name;
    b.releases.push_back(rel);
  }
  for (Id c = 1; c <= n.customers; ++c) {
    Customer cu;
    cu.id = c;
    cu.name = "客戶 " + std::to_string(c);
    // A long tail: a few large accounts, many small ones.
    double scale = 1.0 / static_cast<double>(c);
    cu.annual_value = Money{static_cast<std::int64_t>(5e10 * scale) + uniform(1, 100) * 10000, "CNY"};
    cu.owner_id = 4 + (c % 3);
    b.customers.push_back(cu);
  }
  const ItemStatus statuses[] = {ItemStatus::under_review, ItemStatus::planned,
                                 ItemStatus::in_progress, ItemStatus::beta, ItemStatus::shipped,
                                 ItemStatus::declined};
  for (Id i = 1; i <= n.items; ++i) {
    Item it;
    it.id = i;
    it.kind = i % 7 == 0 ? ItemKind::bug : i % 3 == 0 ? ItemKind::improvement : ItemKind::feature;
    it.title = std::string(pick(kTopics)) + " " + pick(kAspects) + " #" + std::to_string(i);
    it.description = std::string("客戶希望") + pick(kTopics) + "能夠" + pick(kAspects) + "。";
    it.area = pick(kAreas);
    it.status = statuses[rng() % 6];
    if (it.status != ItemStatus::under_review && it.status != ItemStatus::declined) {
      it.release_id = uniform(1, 8);
      it.eta = parse_eta(std::to_string(uniform(2026, 2028)) + "-Q" + std::to_string(uniform(1, 4)));
      it.commitment = i % 4 == 0 ? Commitment::committed : Commitment::tentative;
      it.customer_answer = "預計於 " + it.eta->text + " 提供。";
      it.answer_basis = AnswerBasis{it.status, it.release_id, it.eta};
    }
    it.owner_id = 2 + (i % 2);
    it.created_by = 4 + (i % 3);
    b.items.push_back(std::move(it));
  }
  const Importance imps[] = {Importance::nice, Importance::important, Importance::blocker};
  for (Id r = 1; r <= n.requests && n.items > 0; ++r) {
    Request q;
    q.id = r;
    q.item_id = uniform(1, n.items);
    q.customer_id = uniform(1, n.customers);
    q.created_by = 4 + (r % 3);
    q.importance = imps[rng() % 3];
    q.value_at_stake = Money{uniform(1, 500) * 100000, "CNY"};
    b.requests.push_back(q);
  }
  for (Id q = 1; q <= n.questions; ++q) {
    Question qu;
    qu.id = q;
    if (n.items > 0) qu.item_id = uniform(1, n.items);
    qu.body = std::string(pick(kTopics)) + pick(kQuestions);
    qu.asked_by = 4 + (q % 3);
    b.questions.push_back(std::move(qu));
  }
  if (!store->import_board(b, App::now())) {
    std::fprintf(stderr, "shipboard-server generate: %s is not empty\n", config.db.c_str());
    return 1;
  }
  std::printf("Generated %ld items, %ld requests, %ld questions, %ld customers in %s "
              "(accounts admin, pm1, pm2, sales1..3, support1, viewer1; password: %s)\n",
              n.items, n.requests, n.questions, n.customers, config.db.c_str(), password.c_str());
  return 0;
}

}  // namespace shipboard::server
