// The demo board of `--demo`: a small, realistic board of a B2B video/collaboration SaaS
// vendor, written in Traditional and Simplified Chinese, with demo accounts that all share
// the printed demo password. Only ever seeded on an empty database, on a loopback address.
#include "app.hpp"
#include "http/auth.hpp"

namespace shipboard::server {
namespace {

Eta eta(const char* s) { return *parse_eta(s); }

}  // namespace

std::string seed_demo(store::Store& store, const std::string& now) {
  store::BoardImport b;
  std::string hash = auth::hash_password(kDemoPassword);
  struct U {
    const char* login;
    const char* name;
    Role role;
  };
  const U users[] = {{"admin", "系統管理員", Role::admin},     {"chen.pm", "陳怡君", Role::pm},
                     {"lin.sales", "林志明", Role::sales},     {"li.sales", "李娜", Role::sales},
                     {"wang.support", "王小美", Role::support}, {"zhao.viewer", "趙經理", Role::viewer},
                     {"huang.pm", "黃家豪", Role::pm}};
  Id uid = 0;
  for (const auto& u : users) {
    User user;
    user.id = ++uid;
    user.login = u.login;
    user.name = u.name;
    user.role = u.role;
    b.users.push_back({user, hash});
  }
  const Id pm = 2, sales = 3, sales_cn = 4, support = 5, pm2 = 7;

  auto release = [&](Id id, const char* name, const char* planned, const char* shipped,
                     ReleaseState st, const char* notes, const char* faq) {
    Release r;
    r.id = id;
    r.name = name;
    r.planned_date = planned;
    r.shipped_date = shipped;
    r.state = st;
    r.notes = notes;
    r.faq = faq;
    b.releases.push_back(r);
  };
  release(1, "2026.4 秋季版", "2026-10-15", "2026-10-20", ReleaseState::released,
          "・報表可一鍵匯出成 Excel（.xlsx），保留篩選條件與欄位順序。\n"
          "・會議錄影的儲存期限可由管理員設定。\n・修正：部分 Android 裝置無法收到推播。",
          "問：匯出的 Excel 會包含隱藏欄位嗎？\n答：不會，只匯出畫面上看得到的欄位。\n"
          "問：一次最多能匯出幾筆？\n答：單次 10 萬列；更多請用排程匯出。");
  release(2, "2027.1 春季版", "2027-03-20", "", ReleaseState::in_progress,
          "重點：直播（Beta）、企業單一登入（SAML 2.0 / Azure AD）、iOS 穩定性修正。",
          "問：直播是否需要另外購買授權？\n答：Beta 期間免費，正式版的計價尚未定案，請勿對客戶承諾價格。");
  release(3, "2027.2 夏季版", "2027-06-30", "", ReleaseState::planned,
          "規劃中：部門層級權限、企業微信通知。", "");

  auto customer = [&](Id id, const char* name, std::int64_t yuan, Channel ch,
                      std::optional<Id> partner, Id owner, std::vector<Contact> contacts) {
    Customer c;
    c.id = id;
    c.name = name;
    c.annual_value = Money{yuan * 100, "CNY"};
    c.channel = ch;
    c.partner_id = partner;
    c.owner_id = owner;
    c.contacts = std::move(contacts);
    b.customers.push_back(c);
  };
  customer(1, "國泰世紀金融控股", 4'800'000, Channel::direct, std::nullopt, sales,
           {{"吳建宏", "資訊長", ContactRole::decision_maker},
            {"蔡佩珊", "數位轉型專案經理", ContactRole::champion}});
  customer(2, "华东医疗集团", 2'600'000, Channel::direct, std::nullopt, sales_cn,
           {{"刘洋", "信息中心主任", ContactRole::decision_maker},
            {"陈静", "培训部经理", ContactRole::critic}});
  customer(3, "亞太資訊系統（代理商）", 1'200'000, Channel::direct, std::nullopt, sales,
           {{"郭俊傑", "業務副總", ContactRole::champion}});
  customer(4, "高雄港灣物流", 650'000, Channel::partner, Id{3}, sales,
           {{"許文彬", "營運經理", ContactRole::critic}});
  customer(5, "北京明日在线教育", 900'000, Channel::direct, std::nullopt, sales_cn,
           {{"王磊", "CTO", ContactRole::decision_maker}});
  customer(6, "新竹晶創半導體", 300'000, Channel::direct, std::nullopt, sales,
           {{"張雅婷", "人資主管", ContactRole::champion}});
  customer(7, "台南綠能科技", 120'000, Channel::partner, Id{3}, sales, {});
  b.customers[1].lang = "zh-Hans";  // the mainland customers read Simplified Chinese
  b.customers[4].lang = "zh-Hans";

  auto item = [&](Id id, ItemKind kind, const char* title, const char* desc, const char* area,
                  ItemStatus st, std::optional<Id> rel, std::optional<Eta> e, Commitment cm,
                  const char* answer, const char* note, Id owner, Id creator) {
    Item it;
    it.id = id;
    it.kind = kind;
    it.title = title;
    it.description = desc;
    it.area = area;
    it.status = st;
    it.release_id = rel;
    it.eta = e;
    it.commitment = cm;
    it.customer_answer = answer;
    if (*answer) it.answer_basis = AnswerBasis{st, rel, e};
    it.internal_note = note;
    it.owner_id = owner;
    it.created_by = creator;
    b.items.push_back(it);
    return &b.items.back();
  };
  item(1, ItemKind::feature, "直播功能（Live streaming）",
       "在會議室中直接開直播，支援 1080p、最多 5,000 位觀眾、聊天室與問答。", "媒體",
       ItemStatus::in_progress, Id{2}, eta("2027-Q1"), Commitment::tentative,
       "直播功能正在開發中，預計在 2027 年第一季以 Beta 形式提供。確切日期確定後我們會主動通知您。",
       "CDN 合約還在談，若延誤會影響 Beta 時程。", pm, sales);
  item(2, ItemKind::feature, "企業單一登入 SSO（SAML 2.0 / Azure AD）",
       "讓員工用公司帳號登入，支援 SAML 2.0 與 Azure AD，並可自動建立帳號。", "帳號與安全",
       ItemStatus::planned, Id{2}, eta("2027-02-28"), Commitment::committed,
       "單一登入（SAML 2.0 與 Azure AD）將於 2027 年 2 月 28 日前上線，屆時管理員可在後台自行設定。",
       "資安稽核需要在 1 月完成。", pm, sales);
  item(3, ItemKind::improvement, "報表匯出到 Excel",
       "所有報表可匯出成 .xlsx，保留篩選條件與欄位順序。", "報表", ItemStatus::shipped, Id{1},
       eta("2026-10-20"), Commitment::committed,
       "已在 2026.4 秋季版上線：在任何報表右上角點「匯出」即可下載 Excel 檔。", "", pm2, support);
  item(4, ItemKind::bug, "iOS App 登入後閃退（iOS 17.2）",
       "部分 iPhone 在 iOS 17.2 登入後立即閃退，Android 不受影響。", "行動 App",
       ItemStatus::in_progress, Id{2}, eta("2026-12-15"), Commitment::committed,
       "我們已找到原因，修正版預計 12 月 15 日前發布；在那之前請先使用網頁版登入。",
       "根因是鑰匙圈存取權限，修正已在測試。", pm2, support);
  item(5, ItemKind::bug, "报表时区显示错误", "跨时区团队看到的会议时间相差 8 小时。", "报表",
       ItemStatus::planned, Id{2}, eta("2027-Q1"), Commitment::tentative, "", "", pm2, sales_cn);
  item(6, ItemKind::feature, "企业微信通知集成",
       "会议提醒与录影完成通知推送到企业微信。", "整合", ItemStatus::under_review, std::nullopt,
       std::nullopt, Commitment::none, "", "要先确认企业微信 API 的审核流程。", pm, sales_cn);
  item(7, ItemKind::feature, "部門層級權限（部門管理員）",
       "讓各部門指定自己的管理員，只能管理本部門的成員與錄影。", "帳號與安全",
       ItemStatus::planned, Id{3}, eta("2027-Q2"), Commitment::tentative,
       "部門層級權限已排入 2027 年夏季版規劃，預計第二季；時程仍可能調整，請勿對客戶承諾日期。",
       "", pm, sales);
  item(8, ItemKind::feature, "视频自动字幕（中英文）",
       "录影完成后自动产生中文与英文字幕，可编辑后下载 SRT。", "媒體", ItemStatus::beta,
       Id{2}, eta("2027-03-20"), Commitment::tentative,
       "自动字幕目前开放 Beta 试用，正式版预计随 2027.1 春季版推出。", "", pm, sales_cn);
  item(9, ItemKind::improvement, "API 速率上限提高到每分鐘 1 萬次",
       "客戶希望同步大量資料時不被限流。", "開放平台", ItemStatus::declined, std::nullopt,
       std::nullopt, Commitment::none,
       "目前不會調高整體上限；大量同步請改用批次匯入 API，速度更快也不受限流影響。",
       "成本考量，架構組不同意。", pm2, sales);
  item(10, ItemKind::feature, "會議室預約與 Outlook 行事曆同步",
       "在 Outlook 預約會議時自動建立會議室並寄出連結。", "整合", ItemStatus::under_review,
       std::nullopt, std::nullopt, Commitment::none, "", "", pm, sales);
  // Filed by sales in Taiwan for a feature already asked for in Simplified Chinese (item 6): the
  // PM inbox lists it as a possible duplicate to merge.
  item(11, ItemKind::feature, "企業微信會議通知", "會議開始前在企業微信提醒參加者。", "整合",
       ItemStatus::under_review, std::nullopt, std::nullopt, Commitment::none, "", "", pm, sales);

  auto request = [&](Id id, Id item_id, Id cust, Id by, Importance imp, std::int64_t yuan,
                     const char* quote) {
    Request r;
    r.id = id;
    r.item_id = item_id;
    r.customer_id = cust;
    r.created_by = by;
    r.importance = imp;
    r.value_at_stake = Money{yuan * 100, "CNY"};
    r.quote = quote;
    b.requests.push_back(r);
  };
  request(1, 1, 1, sales, Importance::blocker, 1'500'000, "年度股東會要用直播，沒有的話會考慮別家。");
  request(2, 1, 5, sales_cn, Importance::important, 400'000, "我们的公开课需要直播，观众上千人。");
  request(3, 2, 1, sales, Importance::blocker, 2'000'000, "資安政策規定所有系統都要走 Azure AD。");
  request(4, 2, 2, sales_cn, Importance::important, 800'000, "医院要求统一身份认证。");
  request(5, 2, 6, sales, Importance::nice, 50'000, "");
  request(6, 4, 4, sales, Importance::blocker, 200'000, "司機都用 iPhone，現在完全不能登入。");
  request(7, 5, 2, sales_cn, Importance::important, 300'000, "跨院区开会时间总是对不上。");
  request(8, 6, 2, sales_cn, Importance::important, 500'000, "医院内部通知全部走企业微信。");
  request(9, 6, 5, sales_cn, Importance::nice, 100'000, "");
  request(10, 7, 1, sales, Importance::important, 600'000, "各分行要自己管理成員。");
  request(11, 8, 5, sales_cn, Importance::important, 200'000, "课程录影需要字幕。");
  request(12, 9, 3, sales, Importance::nice, 80'000, "");
  request(13, 10, 6, sales, Importance::nice, 40'000, "");
  request(14, 10, 7, sales, Importance::important, 60'000, "");
  request(15, 11, 3, sales, Importance::nice, 120'000, "希望會議提醒也能走企業微信。");

  auto question = [&](Id id, std::optional<Id> item_id, std::optional<Id> rel,
                      std::optional<Id> cust, Id by, const char* body, const char* answer) {
    Question q;
    q.id = id;
    q.item_id = item_id;
    q.release_id = rel;
    q.customer_id = cust;
    q.asked_by = by;
    q.body = body;
    q.state = *answer ? QuestionState::answered : QuestionState::open;
    if (*answer) {
      Answer a;
      a.body = answer;
      a.author_id = pm;
      q.answers.push_back(a);
      q.answered_at = now;
    }
    b.questions.push_back(q);
  };
  question(1, Id{1}, std::nullopt, Id{1}, sales, "直播可以限制只有公司員工觀看嗎？國泰很在意這點。",
           "可以，直播可設定為「僅限組織內成員」，需登入後才能觀看。");
  question(2, Id{2}, std::nullopt, Id{2}, sales_cn, "SSO 上线后，现有账号会不会需要重新建立？", "");
  question(3, std::nullopt, Id{2}, std::nullopt, support,
           "春季版培訓時有人問：直播的錄影會不會算進儲存空間？", "");
  question(4, Id{4}, std::nullopt, Id{4}, sales, "高雄港灣的司機什麼時候可以恢復用 App 登入？", "");

  LibraryAnswer lib;
  lib.id = 1;
  lib.title = "資料存放地點";
  lib.body = "所有客戶資料存放於台灣與新加坡的資料中心，並通過 ISO 27001 驗證。";
  lib.tags = {"資安", "合規"};
  lib.lang = "zh-Hant";
  lib.author_id = pm;
  b.library.push_back(lib);

  b.follows = {{sales, 1}, {sales, 2}, {sales_cn, 6}, {support, 4}};

  if (!store.import_board(b, now)) return "";
  std::string out = "Demo accounts (password \"" + std::string(kDemoPassword) + "\"):\n";
  for (const auto& u : users)
    out += "  " + std::string(u.login) + " (" + std::string(to_string(u.role)) + ")\n";
  return out;
}

}  // namespace shipboard::server
