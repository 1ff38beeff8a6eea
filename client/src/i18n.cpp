// The UI text table (see i18n.hpp): one row per Text id with its zh-Hant, zh-Hans and en
// wording. A row is found by its id; a static check keeps the table complete and in order.
#include "i18n.hpp"

#include <array>

namespace shipboard::client {
namespace {

struct Row {
  Text id;
  const char* zh_hant;
  const char* zh_hans;
  const char* en;
};

// clang-format off
constexpr Row kRows[] = {
  {Text::app_title,            "Shipboard 產品看板", "Shipboard 产品看板", "Shipboard"},
  {Text::loading,              "載入中…", "加载中…", "Loading…"},
  {Text::sign_in_title,        "登入", "登录", "Sign in"},
  {Text::sign_in_hint,         "用公司帳號登入，查看需求狀態與可以告訴客戶的答覆。",
                               "用公司账号登录，查看需求状态与可以告诉客户的答复。",
                               "Sign in to see where each request stands and what you can tell customers."},
  {Text::login,                "帳號", "账号", "Login"},
  {Text::password,             "密碼", "密码", "Password"},
  {Text::sign_in,              "登入", "登录", "Sign in"},
  {Text::signing_in,           "登入中…", "登录中…", "Signing in…"},
  {Text::sign_in_failed,       "帳號或密碼不正確。", "账号或密码不正确。", "Wrong login or password."},
  {Text::network_error,        "無法連線到伺服器，請稍後再試。", "无法连接到服务器，请稍后再试。",
                               "Cannot reach the server. Please try again."},
  {Text::sign_out,             "登出", "退出登录", "Sign out"},
  {Text::signed_in_as,         "已登入：", "已登录：", "Signed in as "},
  {Text::language,             "語言", "语言", "Language"},
  {Text::refresh,              "重新整理", "刷新", "Refresh"},
  {Text::items_title,          "需求與功能", "需求与功能", "Items"},
  {Text::items_count,          "共 %d 項", "共 %d 项", "%d items"},
  {Text::items_loading,        "正在載入需求…", "正在加载需求…", "Loading items…"},
  {Text::items_error,          "載入需求失敗。", "加载需求失败。", "Could not load items."},
  {Text::items_empty,          "目前沒有任何需求。", "目前没有任何需求。", "No items yet."},
  {Text::filter_hint,          "篩選標題，例如「直播」", "筛选标题，例如“直播”", "Filter titles, e.g. \"live\""},
  {Text::col_title,            "標題", "标题", "Title"},
  {Text::col_kind,             "類型", "类型", "Kind"},
  {Text::col_status,           "狀態", "状态", "Status"},
  {Text::col_release,          "版本", "版本", "Release"},
  {Text::col_eta,              "預計上線", "预计上线", "ETA"},
  {Text::col_commitment,       "承諾程度", "承诺程度", "Commitment"},
  {Text::col_customer_answer,  "給客戶的答覆", "给客户的答复", "Customer answer"},
  {Text::copy,                 "複製", "复制", "Copy"},
  {Text::copied,               "已複製", "已复制", "Copied"},
  {Text::answer_stale,         "（待更新）", "（待更新）", "(stale)"},
  {Text::none_value,           "—", "—", "—"},
  {Text::kind_feature,         "新功能", "新功能", "Feature"},
  {Text::kind_improvement,     "改善", "改进", "Improvement"},
  {Text::kind_bug,             "錯誤", "缺陷", "Bug"},
  {Text::status_under_review,  "評估中", "评估中", "Under review"},
  {Text::status_planned,       "已排入計畫", "已排入计划", "Planned"},
  {Text::status_in_progress,   "開發中", "开发中", "In progress"},
  {Text::status_beta,          "測試版", "测试版", "Beta"},
  {Text::status_shipped,       "已上線", "已上线", "Shipped"},
  {Text::status_declined,      "不做", "不做", "Declined"},
  {Text::commitment_committed, "可承諾", "可承诺", "Committed"},
  {Text::commitment_tentative, "暫定，勿承諾", "暂定，勿承诺", "Tentative"},
  {Text::commitment_none,      "未定", "未定", "None"},
  {Text::lang_name,            "繁體中文", "简体中文", "English"},
};
// clang-format on

constexpr bool table_complete() {
  if (std::size(kRows) != static_cast<std::size_t>(Text::count_)) return false;
  for (std::size_t i = 0; i < std::size(kRows); ++i) {
    if (static_cast<std::size_t>(kRows[i].id) != i) return false;
  }
  return true;
}
static_assert(table_complete(), "kRows must list every Text id once, in enum order");

Lang current = Lang::en;

}  // namespace

void set_language(Lang lang) { current = lang; }
Lang language() { return current; }

std::string_view language_tag(Lang lang) {
  switch (lang) {
    case Lang::zh_Hant: return "zh-Hant";
    case Lang::zh_Hans: return "zh-Hans";
    case Lang::en: break;
  }
  return "en";
}

Lang parse_language(std::string_view tag) {
  auto starts = [&](std::string_view p) { return tag.substr(0, p.size()) == p; };
  if (starts("zh-Hant") || starts("zh-TW") || starts("zh-HK") || starts("zh-MO")) {
    return Lang::zh_Hant;
  }
  if (starts("zh")) return Lang::zh_Hans;
  return Lang::en;
}

const char* tr(Text id, Lang lang) {
  const Row& row = kRows[static_cast<std::size_t>(id)];
  switch (lang) {
    case Lang::zh_Hant: return row.zh_hant;
    case Lang::zh_Hans: return row.zh_hans;
    case Lang::en: break;
  }
  return row.en;
}

const char* tr(Text id) { return tr(id, current); }

const char* tr(ItemKind v) {
  switch (v) {
    case ItemKind::feature: return tr(Text::kind_feature);
    case ItemKind::improvement: return tr(Text::kind_improvement);
    case ItemKind::bug: return tr(Text::kind_bug);
  }
  return "";
}

const char* tr(ItemStatus v) {
  switch (v) {
    case ItemStatus::under_review: return tr(Text::status_under_review);
    case ItemStatus::planned: return tr(Text::status_planned);
    case ItemStatus::in_progress: return tr(Text::status_in_progress);
    case ItemStatus::beta: return tr(Text::status_beta);
    case ItemStatus::shipped: return tr(Text::status_shipped);
    case ItemStatus::declined: return tr(Text::status_declined);
  }
  return "";
}

const char* tr(Commitment v) {
  switch (v) {
    case Commitment::committed: return tr(Text::commitment_committed);
    case Commitment::tentative: return tr(Text::commitment_tentative);
    case Commitment::none: return tr(Text::commitment_none);
  }
  return "";
}

}  // namespace shipboard::client
