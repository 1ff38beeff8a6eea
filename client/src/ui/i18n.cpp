// The UI text table (see i18n.hpp): one row per Text id with its zh-Hant, zh-Hans and en
// wording. A row is found by its id; a static check keeps the table complete and in order.
#include "ui/i18n.hpp"

#include <cstdarg>
#include <cstdio>

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
  {Text::sign_in_company,      "使用公司帳號登入", "使用公司账号登录", "Sign in with your company account"},
  {Text::sign_in_or_local,     "或使用本機帳號", "或使用本机账号", "or with a local account"},
  {Text::local_sign_in_off,    "管理員已關閉本機帳號登入。", "管理员已关闭本机账号登录。",
                               "Sign-in with a local account is turned off by the administrator."},
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
  {Text::commitment_tentative, "暫定", "暂定", "Tentative"},
  {Text::commitment_none,      "無", "无", "None"},
  {Text::lang_name,            "繁體中文", "简体中文", "English"},
  {Text::nav_search,            "搜尋", "搜索", "Search"},
  {Text::nav_board,             "看板", "看板", "Board"},
  {Text::nav_queue,             "待回答", "待回答", "Questions"},
  {Text::search_hint,           "搜尋需求，例如「直播」或 live（Ctrl+K）", "搜索需求，例如“直播”或 live（Ctrl+K）", "Search, e.g. \"live\" (Ctrl+K)"},
  {Text::search_count,          "%d 項符合", "%d 项符合", "%d matching"},
  {Text::search_server_pending, "伺服器搜尋中…", "服务器搜索中…", "Searching the server…"},
  {Text::search_no_results,     "找不到符合的項目。", "找不到符合的项目。", "Nothing matches."},
  {Text::search_other_hits,     "其他相關：問題、版本與答覆庫", "其他相关：问题、版本与答复库", "Also found: questions, releases, answers"},
  {Text::entity_question,       "問題", "问题", "Question"},
  {Text::entity_release,        "版本", "版本", "Release"},
  {Text::entity_answer,         "答覆庫", "答复库", "Library answer"},
  {Text::open_item,             "詳情", "详情", "Open"},
  {Text::back,                  "← 返回", "← 返回", "← Back"},
  {Text::item_loading,          "正在載入項目…", "正在加载项目…", "Loading the item…"},
  {Text::item_not_found,        "找不到這個項目。", "找不到这个项目。", "This item was not found."},
  {Text::field_description,     "說明", "说明", "Description"},
  {Text::field_area,            "產品範圍", "产品范围", "Area"},
  {Text::field_demand,          "需求分數", "需求分数", "Demand score"},
  {Text::field_value_at_stake,  "涉及金額", "涉及金额", "Value at stake"},
  {Text::field_updated,         "更新時間", "更新时间", "Updated"},
  {Text::section_requests,      "客戶需求", "客户需求", "Customer requests"},
  {Text::section_questions,     "問題與回答", "问题与回答", "Questions and answers"},
  {Text::section_history,       "變更紀錄", "变更记录", "History"},
  {Text::col_customer,          "客戶", "客户", "Customer"},
  {Text::col_tier,              "等級", "等级", "Tier"},
  {Text::col_importance,        "重要性", "重要性", "Importance"},
  {Text::col_value,             "金額", "金额", "Value"},
  {Text::col_quote,             "客戶原話", "客户原话", "Quote"},
  {Text::importance_nice,       "有更好", "有更好", "Nice to have"},
  {Text::importance_important,  "重要", "重要", "Important"},
  {Text::importance_blocker,    "阻礙成交", "阻碍成交", "Blocker"},
  {Text::no_requests,           "還沒有客戶提出這個需求。", "还没有客户提出这个需求。", "No customer requests yet."},
  {Text::no_questions,          "還沒有人提問。", "还没有人提问。", "No questions yet."},
  {Text::no_history,            "沒有變更紀錄。", "没有变更记录。", "No changes yet."},
  {Text::question_open,         "待回答", "待回答", "Open"},
  {Text::question_answered,     "已回答", "已回答", "Answered"},
  {Text::ask_hint,              "問產品經理一個問題…", "问产品经理一个问题…", "Ask the PM a question…"},
  {Text::ask_button,            "提問", "提问", "Ask"},
  {Text::follow,                "追蹤", "关注", "Follow"},
  {Text::following,             "已追蹤", "已关注", "Following"},
  {Text::edit_title,            "產品經理編輯", "产品经理编辑", "Edit (PM)"},
  {Text::eta_hint,              "2027-03-31 或 2027-Q1", "2027-03-31 或 2027-Q1", "2027-03-31 or 2027-Q1"},
  {Text::confirm_answer,        "確認答覆仍然有效", "确认答复仍然有效", "Confirm the answer still holds"},
  {Text::save,                  "儲存", "保存", "Save"},
  {Text::saving,                "儲存中…", "保存中…", "Saving…"},
  {Text::saved,                 "已儲存", "已保存", "Saved"},
  {Text::save_failed,           "儲存失敗：", "保存失败：", "Could not save: "},
  {Text::conflict_title,        "你編輯時，別人已經修改了這個項目：", "你编辑时，别人已经修改了这个项目：", "Someone changed this item while you were editing:"},
  {Text::conflict_reapply,      "在最新版本上重新套用我的修改", "在最新版本上重新应用我的修改", "Re-apply my changes on the latest version"},
  {Text::conflict_discard,      "放棄我的修改", "放弃我的修改", "Discard my changes"},
  {Text::queue_title,           "待回答的問題（依優先順序）", "待回答的问题（按优先级）", "Open questions, by priority"},
  {Text::queue_empty,           "沒有待回答的問題。", "没有待回答的问题。", "No open questions."},
  {Text::answer_hint,           "寫給業務、可以轉給客戶的回答…", "写给销售、可以转给客户的回答…", "An answer sales can forward to customers…"},
  {Text::send_answer,           "送出回答", "发送回答", "Send answer"},
  {Text::to_library,            "同時加入答覆庫", "同时加入答复库", "Also add to the answer library"},
  {Text::copy_for,              "複製答覆給哪位客戶？", "复制答复给哪位客户？", "Copy the answer for which customer?"},
  {Text::copy_no_record,        "只複製，不記錄", "只复制，不记录", "Copy without recording"},
  {Text::told_recorded,         "已複製，並記錄已告知客戶。", "已复制，并记录已告知客户。", "Copied, and recorded that the customer was told."},
  {Text::offline,               "離線，正在重新連線…", "离线，正在重新连接…", "Offline, reconnecting…"},
  {Text::live,                  "即時更新", "实时更新", "Live"},
  {Text::stale_hint,            "狀態、版本或日期已變，這段答覆待產品經理確認。", "状态、版本或日期已变，这段答复待产品经理确认。", "The status, release or ETA changed; the PM has not confirmed this answer yet."},
  {Text::ev_created,            "建立", "创建", "Created"},
  {Text::ev_status_changed,     "狀態變更", "状态变更", "Status changed"},
  {Text::ev_eta_changed,        "日期變更", "日期变更", "ETA changed"},
  {Text::ev_answer_changed,     "答覆變更", "答复变更", "Answer changed"},
  {Text::ev_answer_confirmed,   "答覆已確認", "答复已确认", "Answer confirmed"},
  {Text::ev_other,              "更新", "更新", "Updated"},
  {Text::asked_about_release,   "關於版本", "关于版本", "About release"},
  {Text::general_question,      "一般問題", "一般问题", "General"},
  {Text::nav_releases, "版本時程", "版本时间线", "Releases"},
  {Text::nav_customers, "客戶", "客户", "Customers"},
  {Text::nav_insights, "洞察", "洞察", "Insights"},
  {Text::nav_notifications, "通知", "通知", "Notifications"},
  {Text::nav_admin, "管理", "管理", "Admin"},
  {Text::nav_menu, "☰ 選單", "☰ 菜单", "☰ Menu"},
  {Text::board_kanban, "看板欄位", "看板栏位", "Columns"},
  {Text::board_table, "表格", "表格", "Table"},
  {Text::filter_area, "產品範圍", "产品范围", "Area"},
  {Text::filter_status, "狀態", "状态", "Status"},
  {Text::filter_release, "版本", "版本", "Release"},
  {Text::filter_tier, "客戶等級", "客户等级", "Customer tier"},
  {Text::filter_mine, "只看我的客戶", "只看我的客户", "My customers only"},
  {Text::filter_any, "全部", "全部", "Any"},
  {Text::filter_clear, "清除篩選", "清除筛选", "Clear filters"},
  {Text::sort_by, "排序", "排序", "Sort"},
  {Text::sort_demand, "需求分數", "需求分数", "Demand"},
  {Text::sort_value, "涉及金額", "涉及金额", "Value at stake"},
  {Text::sort_eta, "預計上線", "预计上线", "ETA"},
  {Text::sort_updated, "最近更新", "最近更新", "Updated"},
  {Text::col_requests, "需求數", "需求数", "Requests"},
  {Text::releases_title, "版本時程", "版本时间线", "Release timeline"},
  {Text::release_state_planned, "規劃中", "规划中", "Planned"},
  {Text::release_state_in_progress, "進行中", "进行中", "In progress"},
  {Text::release_state_released, "已發布", "已发布", "Released"},
  {Text::col_planned, "預計日期", "预计日期", "Planned"},
  {Text::col_shipped, "實際發布", "实际发布", "Shipped"},
  {Text::col_state, "狀態", "状态", "State"},
  {Text::release_notes, "發布說明", "发布说明", "Release notes"},
  {Text::release_faq, "培訓 FAQ", "培训 FAQ", "Training FAQ"},
  {Text::release_questions, "關於這個版本的問題", "关于这个版本的问题", "Questions about this release"},
  {Text::release_items, "這個版本的項目", "这个版本的项目", "Items in this release"},
  {Text::value_waiting, "等待中的金額", "等待中的金额", "Value waiting"},
  {Text::release_not_found, "找不到這個版本。", "找不到这个版本。", "This release was not found."},
  {Text::no_releases, "還沒有版本。", "还没有版本。", "No releases yet."},
  {Text::no_items, "沒有項目。", "没有项目。", "No items."},
  {Text::today, "今天", "今天", "Today"},
  {Text::customers_title, "客戶（依年度金額）", "客户（按年度金额）", "Customers, by annual value"},
  {Text::col_channel, "通路", "渠道", "Channel"},
  {Text::col_partner, "代理商", "代理商", "Partner"},
  {Text::col_owner, "負責業務", "负责销售", "Owner"},
  {Text::col_annual_value, "年度金額", "年度金额", "Annual value"},
  {Text::channel_direct, "直銷", "直销", "Direct"},
  {Text::channel_partner, "代理商", "代理商", "Partner"},
  {Text::pareto_title, "帕累托圖：年度金額與累積占比", "帕累托图：年度金额与累计占比", "Pareto: annual value and cumulative share"},
  {Text::pareto_legend, "長條：各客戶年度金額　折線：累積 %　虛線：80% 與 95%", "柱：各客户年度金额　折线：累计 %　虚线：80% 与 95%", "Bars: annual value   Line: cumulative %   Dashed: 80% and 95%"},
  {Text::pareto_bar, "%s：占 %d%%，累積 %d%%，%s 級", "%s：占 %d%%，累计 %d%%，%s 级", "%s: %d%% of value, %d%% cumulative, tier %s"},
  {Text::duration_minutes, "%.0f 分鐘", "%.0f 分钟", "%.0f min"},
  {Text::duration_hours, "%.1f 小時", "%.1f 小时", "%.1f h"},
  {Text::duration_days, "%.1f 天", "%.1f 天", "%.1f d"},
  {Text::customer_requests, "這位客戶提出的需求", "这位客户提出的需求", "This customer's requests"},
  {Text::select_customer, "點選客戶以查看其需求。", "点击客户以查看其需求。", "Select a customer to see their requests."},
  {Text::me, "我", "我", "me"},
  {Text::insights_title, "洞察", "洞察", "Insights"},
  {Text::insights_demand, "需求分數前 15 名", "需求分数前 15 名", "Demand by item (top 15)"},
  {Text::insights_value_waiting, "各版本等待中的金額（未上線項目）", "各版本等待中的金额（未上线项目）", "Value waiting on each release (items not shipped)"},
  {Text::insights_turnaround, "問題回答時間", "问题回答时间", "Answer turnaround"},
  {Text::turnaround_summary, "已回答 %d 題，中位數 %s，最長 %s", "已回答 %d 题，中位数 %s，最长 %s", "%d answered, median %s, longest %s"},
  {Text::no_data, "尚無資料。", "暂无数据。", "No data yet."},
  {Text::no_release, "未排版本", "未排版本", "No release"},
  {Text::notifications_title, "通知", "通知", "Notifications"},
  {Text::mark_all_read, "全部標為已讀", "全部标为已读", "Mark all read"},
  {Text::mark_read, "標為已讀", "标为已读", "Mark read"},
  {Text::no_notifications, "沒有通知。", "没有通知。", "No notifications."},
  {Text::unread_count, "%d 則未讀", "%d 条未读", "%d unread"},
  {Text::admin_title, "管理", "管理", "Admin"},
  {Text::admin_users, "使用者", "用户", "Users"},
  {Text::col_login, "帳號", "账号", "Login"},
  {Text::col_name, "姓名", "姓名", "Name"},
  {Text::col_role, "角色", "角色", "Role"},
  {Text::col_active, "啟用", "启用", "Active"},
  {Text::create_user, "新增使用者", "新增用户", "Add user"},
  {Text::deactivate, "停用", "停用", "Deactivate"},
  {Text::reactivate, "重新啟用", "重新启用", "Reactivate"},
  {Text::role_admin, "管理員", "管理员", "Admin"},
  {Text::role_pm, "產品經理", "产品经理", "PM"},
  {Text::role_support, "客服", "客服", "Support"},
  {Text::role_sales, "業務", "销售", "Sales"},
  {Text::role_viewer, "檢視者", "查看者", "Viewer"},
  {Text::embed_tokens, "內嵌權杖", "嵌入令牌", "Embed tokens"},
  {Text::create_embed_token, "建立內嵌權杖", "创建嵌入令牌", "Create embed token"},
  {Text::label_hint, "用途，例如「內部 wiki」", "用途，例如“内部 wiki”", "Label, e.g. \"intranet wiki\""},
  {Text::area_scope_hint, "產品範圍（空白＝整個看板）", "产品范围（空白＝整个看板）", "Area (empty = whole board)"},
  {Text::embed_snippet, "貼到內部網頁的程式碼：", "粘贴到内部网页的代码：", "Snippet for an intranet page:"},
  {Text::copy_snippet, "複製程式碼", "复制代码", "Copy snippet"},
  {Text::revoke, "撤銷", "撤销", "Revoke"},
  {Text::revoked, "已撤銷", "已撤销", "Revoked"},
  {Text::api_tokens, "API 權杖", "API 令牌", "API tokens"},
  {Text::create_api_token, "建立 API 權杖", "创建 API 令牌", "Create API token"},
  {Text::token_once, "權杖只顯示這一次，請立即保存：", "令牌只显示这一次，请立即保存：", "The token is shown only this once; keep it now:"},
  {Text::admin_saved, "已儲存。", "已保存。", "Saved."},
  {Text::admin_failed, "操作失敗：", "操作失败：", "Failed: "},
  {Text::theme_dark, "深色", "深色", "Dark"},
  {Text::theme_light, "淺色", "浅色", "Light"},
  {Text::theme_hint, "切換深色／淺色主題", "切换深色／浅色主题", "Switch between dark and light theme"},
  {Text::scope_board, "整個看板", "整个看板", "Whole board"},
  {Text::edit, "編輯", "编辑", "Edit"},
  {Text::cancel, "取消", "取消", "Cancel"},
  {Text::field_name, "名稱", "名称", "Name"},
  {Text::date_hint, "YYYY-MM-DD", "YYYY-MM-DD", "YYYY-MM-DD"},
  {Text::edit_release, "編輯版本", "编辑版本", "Edit release"},
  {Text::edit_customer, "編輯客戶", "编辑客户", "Edit customer"},
  {Text::conflict_other, "你編輯時，別人已經修改了這筆資料：", "你编辑时，别人已经修改了这条记录：",
                         "Someone changed this while you were editing:"},
  {Text::annual_value_invalid, "年度金額必須是整數（例如 1200000）。", "年度金额必须是整数（例如 1200000）。",
                               "The annual value must be a whole number (e.g. 1200000)."},
  {Text::partner_none, "（無代理商）", "（无代理商）", "(no partner)"},
  {Text::triage_title, "待分類的新需求（金額高的在前）", "待分类的新需求（金额高的在前）", "New requests to triage, highest value first"},
  {Text::triage_empty, "沒有待分類的需求。", "没有待分类的需求。", "Nothing to triage."},
  {Text::triage_requests, "客戶需求 %d 筆", "客户需求 %d 条", "Requests: %d"},
  {Text::triage_plan, "排入計畫", "排入计划", "Plan"},
  {Text::triage_decline, "不做", "不做", "Decline"},
  {Text::triage_changed, "別人剛修改了這個項目，清單已重新載入。", "别人刚修改了这个项目，列表已重新加载。",
                         "Someone changed this item meanwhile; the list was reloaded."},
  {Text::possible_duplicate, "可能重複：", "可能重复：", "Possible duplicate of:"},
  {Text::merge_into, "合併到…", "合并到…", "Merge into…"},
  {Text::merge_title, "合併到哪個項目？客戶需求、追蹤者和問題都會移過去。", "合并到哪个项目？客户需求、关注者和问题都会移过去。",
                      "Merge into which item? Its requests, followers and questions move over."},
  {Text::merge_search_hint, "搜尋項目…", "搜索项目…", "Search items…"},
  {Text::merge_confirm, "合併", "合并", "Merge"},
  {Text::merge_failed, "無法合併：", "无法合并：", "Could not merge: "},
  {Text::merged_into, "已合併到", "已合并到", "Merged into"},
  {Text::new_release, "新增版本", "新增版本", "New release"},
  {Text::new_customer, "新增客戶", "新增客户", "New customer"},
  {Text::create, "建立", "创建", "Create"},
  {Text::contacts, "聯絡人", "联系人", "Contacts"},
  {Text::contact_name, "聯絡人姓名", "联系人姓名", "Contact name"},
  {Text::contact_title, "職稱", "职位", "Job title"},
  {Text::contact_role, "角色", "角色", "Role"},
  {Text::contact_champion, "支持者", "支持者", "Champion"},
  {Text::contact_critic, "反對者", "反对者", "Critic"},
  {Text::contact_decision_maker, "決策者", "决策者", "Decision maker"},
  {Text::add_contact, "新增聯絡人", "新增联系人", "Add contact"},
  {Text::remove, "移除", "移除", "Remove"},
  {Text::no_contacts, "尚無聯絡人。", "尚无联系人。", "No contacts yet."},
  {Text::field_owner, "負責人", "负责人", "Owner"},
  {Text::copy_answer_for, "複製「%s」給客戶的答覆", "复制「%s」给客户的答复", "Copy the customer answer for “%s”"},
  {Text::search_results, "搜尋結果", "搜索结果", "Search results"},
  {Text::triage_plan_for, "將「%s」排入計畫", "将「%s」排入计划", "Plan “%s”"},
  {Text::triage_decline_for, "不做「%s」", "不做「%s」", "Decline “%s”"},
  {Text::merge_into_for, "把「%s」合併到…", "把「%s」合并到…", "Merge “%s” into…"},
  {Text::col_rank, "順位", "顺位", "Rank"},
  {Text::col_question, "問題", "问题", "Question"},
  {Text::col_about, "關於", "关于", "About"},
  {Text::col_asked, "提問時間", "提问时间", "Asked"},
  {Text::col_answer, "回答", "回答", "Answer"},
  {Text::col_duplicates, "可能重複", "可能重复", "Possible duplicates"},
  {Text::col_actions, "操作", "操作", "Actions"},
  {Text::item_fields, "項目資料", "项目资料", "Details"},
  {Text::ev_merged, "已合併", "已合并", "Merged"},
  {Text::ev_question_answered, "問題已回答", "问题已回答", "Question answered"},
  {Text::ev_release_shipped, "版本已發布", "版本已发布", "Release shipped"},
  {Text::col_email, "電子郵件", "电子邮件", "Email"},
  {Text::email_hint, "電子郵件（選填）", "电子邮件（选填）", "Email (optional)"},
  {Text::channels_title, "聊天與 Webhook 通道", "聊天与 Webhook 通道", "Chat and webhook channels"},
  {Text::channels_hint, "看板的變更會送到這些群組機器人與系統。", "看板的变更会送到这些群组机器人与系统。", "Changes on the board go out to these group bots and systems."},
  {Text::no_channels, "尚無通道。", "尚无通道。", "No channels yet."},
  {Text::col_url, "網址", "网址", "URL"},
  {Text::col_format, "格式", "格式", "Format"},
  {Text::col_events, "事件", "事件", "Events"},
  {Text::col_area, "產品範圍", "产品范围", "Area"},
  {Text::delivery_counts, "已送達 %lld、待送 %lld、失敗 %lld", "已送达 %lld、待送 %lld、失败 %lld", "%lld delivered, %lld pending, %lld failed"},
  {Text::fmt_generic, "通用 Webhook", "通用 Webhook", "Generic webhook"},
  {Text::fmt_slack, "Slack", "Slack", "Slack"},
  {Text::fmt_teams, "Microsoft Teams", "Microsoft Teams", "Microsoft Teams"},
  {Text::fmt_wecom, "企業微信群機器人", "企业微信群机器人", "WeCom group robot"},
  {Text::fmt_dingtalk, "釘釘機器人", "钉钉机器人", "DingTalk robot"},
  {Text::fmt_feishu, "飛書機器人", "飞书机器人", "Feishu / Lark bot"},
  {Text::channel_active, "啟用中", "启用中", "Active"},
  {Text::channel_inactive, "已停用", "已停用", "Disabled"},
  {Text::channel_enable, "啟用", "启用", "Enable"},
  {Text::channel_disable, "停用", "停用", "Disable"},
  {Text::channel_test, "傳送測試", "发送测试", "Send test"},
  {Text::channel_deliveries, "傳送紀錄", "发送记录", "Deliveries"},
  {Text::channel_delete, "刪除", "删除", "Delete"},
  {Text::channel_delete_confirm, "確定刪除？", "确定删除？", "Really delete?"},
  {Text::channel_add, "新增通道", "新增通道", "Add channel"},
  {Text::channel_url_hint, "接收網址（https://…）", "接收网址（https://…）", "Receiver URL (https://…)"},
  {Text::channel_secret_hint, "簽章金鑰（選填）", "签名密钥（选填）", "Signing secret (optional)"},
  {Text::channel_secret_once, "簽章金鑰只顯示這一次，請立即保存：", "签名密钥只显示这一次，请立即保存：", "The signing secret is shown only this once; keep it now:"},
  {Text::channel_signed, "已簽章", "已签名", "signed"},
  {Text::deliveries_of, "通道 #%d 最近的傳送", "通道 #%d 最近的发送", "Recent deliveries of channel #%d"},
  {Text::no_deliveries, "尚無傳送。", "尚无发送。", "No deliveries yet."},
  {Text::col_attempts, "嘗試次數", "尝试次数", "Attempts"},
  {Text::col_last_status, "回應", "响应", "Response"},
  {Text::col_last_error, "最後的錯誤", "最后的错误", "Last error"},
  {Text::col_next_attempt, "下次嘗試", "下次尝试", "Next attempt"},
  {Text::col_created, "建立時間", "创建时间", "Created"},
  {Text::delivery_pending, "待送", "待送", "Pending"},
  {Text::delivery_delivered, "已送達", "已送达", "Delivered"},
  {Text::delivery_failed, "失敗", "失败", "Failed"},
  {Text::redeliver, "重新傳送", "重新发送", "Send again"},
  {Text::ev_webhook_test, "測試訊息", "测试消息", "Test message"},
  {Text::my_email_title, "我的郵件通知", "我的邮件通知", "My email notifications"},
  {Text::email_goes_to, "郵件寄到 %s", "邮件寄到 %s", "Mail goes to %s"},
  {Text::email_none, "你的帳號還沒有電子郵件地址，請管理員加上。", "你的账号还没有电子邮件地址，请管理员加上。", "Your account has no email address yet; ask an admin to add one."},
  {Text::col_event, "變更", "变更", "What changed"},
  {Text::col_email_mode, "寄送方式", "寄送方式", "Send"},
  {Text::mode_now, "立即", "立即", "At once"},
  {Text::mode_digest, "每日摘要", "每日摘要", "Daily digest"},
  {Text::mode_off, "不寄", "不寄", "Off"},
  {Text::digest_time_hint, "摘要時間（HH:MM）", "摘要时间（HH:MM）", "Digest time (HH:MM)"},
  {Text::utc_offset_hint, "時區（+08:00）", "时区（+08:00）", "Time zone (+08:00)"},
  {Text::mail_language, "郵件語言", "邮件语言", "Mail language"},
  {Text::new_request, "新增客戶需求", "新增客户需求", "New request"},
  {Text::new_request_title, "新增客戶需求###new_request", "新增客户需求###new_request", "New customer request###new_request"},
  {Text::new_request_customer_hint, "找客戶…", "找客户…", "Find a customer…"},
  {Text::new_request_mine, "我的客戶", "我的客户", "mine"},
  {Text::new_request_what, "客戶要什麼？", "客户要什么？", "What does the customer ask for?"},
  {Text::new_request_title_hint, "例如：直播時可以連麥", "例如：直播时可以连麦", "e.g. co-hosting in live streams"},
  {Text::new_request_similar, "看板上已有相似的項目：把客戶加到其中一個，別另開重複的項目。",
                              "看板上已有相似的项目：把客户加到其中一个，别另开重复的项目。",
                              "Similar items are already on the board: add your customer to one of them rather than starting a duplicate."},
  {Text::new_request_no_similar, "看板上沒有相似的項目。", "看板上没有相似的项目。", "No similar item on the board."},
  {Text::new_request_match, "相似度", "相似度", "Match"},
  {Text::new_request_add_here, "改為把我的客戶加到這個項目", "改为把我的客户加到这个项目", "Add my customer to this item instead"},
  {Text::new_request_add_here_for, "改為把我的客戶加到「%s」", "改为把我的客户加到「%s」", "Add my customer to “%s” instead"},
  {Text::new_request_for_item, "加到項目：", "加到项目：", "For the item: "},
  {Text::new_request_value, "涉及金額", "涉及金额", "Value at stake"},
  {Text::new_request_quote, "客戶的原話（選填）", "客户的原话（选填）", "The customer's own words (optional)"},
  {Text::new_request_create, "建立項目並記下需求", "建立项目并记下需求", "Create the item and file the request"},
  {Text::new_request_file, "記下需求", "记下需求", "File the request"},
  {Text::new_request_pick_customer, "請先選一個客戶。", "请先选一个客户。", "Choose a customer first."},
  {Text::new_request_bad_value, "涉及金額要是整數，例如 1,200,000。", "涉及金额要是整数，例如 1,200,000。", "The value at stake must be a whole number, e.g. 1,200,000."},
  {Text::new_request_need_title, "請寫下客戶要什麼。", "请写下客户要什么。", "Say what the customer asks for."},
  {Text::new_request_for_query, "找不到？為「%s」新增客戶需求", "找不到？为「%s」新增客户需求", "Not there? File a new request for “%s”"},
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

void set_language(Lang lang) {
  current = lang;
}
Lang language() {
  return current;
}

std::string_view language_tag(Lang lang) {
  switch (lang) {
    case Lang::zh_Hant:
      return "zh-Hant";
    case Lang::zh_Hans:
      return "zh-Hans";
    case Lang::en:
      break;
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
    case Lang::zh_Hant:
      return row.zh_hant;
    case Lang::zh_Hans:
      return row.zh_hans;
    case Lang::en:
      break;
  }
  return row.en;
}

const char* tr(Text id) {
  return tr(id, current);
}

const char* tr(ItemKind v) {
  switch (v) {
    case ItemKind::feature:
      return tr(Text::kind_feature);
    case ItemKind::improvement:
      return tr(Text::kind_improvement);
    case ItemKind::bug:
      return tr(Text::kind_bug);
  }
  return "";
}

const char* tr(ItemStatus v) {
  switch (v) {
    case ItemStatus::under_review:
      return tr(Text::status_under_review);
    case ItemStatus::planned:
      return tr(Text::status_planned);
    case ItemStatus::in_progress:
      return tr(Text::status_in_progress);
    case ItemStatus::beta:
      return tr(Text::status_beta);
    case ItemStatus::shipped:
      return tr(Text::status_shipped);
    case ItemStatus::declined:
      return tr(Text::status_declined);
  }
  return "";
}

const char* tr(EventType v) {
  switch (v) {
    case EventType::item_created:
      return tr(Text::ev_created);
    case EventType::item_status_changed:
      return tr(Text::ev_status_changed);
    case EventType::item_eta_changed:
      return tr(Text::ev_eta_changed);
    case EventType::item_answer_changed:
      return tr(Text::ev_answer_changed);
    case EventType::item_answer_confirmed:
      return tr(Text::ev_answer_confirmed);
    case EventType::item_merged:
      return tr(Text::ev_merged);
    case EventType::question_answered:
      return tr(Text::ev_question_answered);
    case EventType::release_shipped:
      return tr(Text::ev_release_shipped);
    default:
      return tr(Text::ev_other);
  }
}

const char* tr(WebhookFormat v) {
  switch (v) {
    case WebhookFormat::generic: return tr(Text::fmt_generic);
    case WebhookFormat::slack: return tr(Text::fmt_slack);
    case WebhookFormat::teams: return tr(Text::fmt_teams);
    case WebhookFormat::wecom: return tr(Text::fmt_wecom);
    case WebhookFormat::dingtalk: return tr(Text::fmt_dingtalk);
    case WebhookFormat::feishu: return tr(Text::fmt_feishu);
  }
  return "";
}

const char* tr(EmailMode v) {
  switch (v) {
    case EmailMode::now: return tr(Text::mode_now);
    case EmailMode::digest: return tr(Text::mode_digest);
    case EmailMode::off: return tr(Text::mode_off);
  }
  return "";
}

const char* tr(DeliveryState v) {
  switch (v) {
    case DeliveryState::pending: return tr(Text::delivery_pending);
    case DeliveryState::delivered: return tr(Text::delivery_delivered);
    case DeliveryState::failed: return tr(Text::delivery_failed);
  }
  return "";
}

const char* event_label(std::string_view type) {
  if (type == kTestDeliveryType) return tr(Text::ev_webhook_test);
  auto t = parse_event_type(type);
  return t ? tr(*t) : tr(Text::ev_other);
}

const char* tr(Commitment v) {
  switch (v) {
    case Commitment::committed:
      return tr(Text::commitment_committed);
    case Commitment::tentative:
      return tr(Text::commitment_tentative);
    case Commitment::none:
      return tr(Text::commitment_none);
  }
  return "";
}

const char* tr(Importance v) {
  switch (v) {
    case Importance::nice:
      return tr(Text::importance_nice);
    case Importance::important:
      return tr(Text::importance_important);
    case Importance::blocker:
      return tr(Text::importance_blocker);
  }
  return "";
}

const char* tr(ReleaseState v) {
  switch (v) {
    case ReleaseState::planned:
      return tr(Text::release_state_planned);
    case ReleaseState::in_progress:
      return tr(Text::release_state_in_progress);
    case ReleaseState::released:
      return tr(Text::release_state_released);
  }
  return "";
}

const char* tr(Role v) {
  switch (v) {
    case Role::admin:
      return tr(Text::role_admin);
    case Role::pm:
      return tr(Text::role_pm);
    case Role::support:
      return tr(Text::role_support);
    case Role::sales:
      return tr(Text::role_sales);
    case Role::viewer:
      return tr(Text::role_viewer);
  }
  return "";
}

const char* tr(Channel v) {
  return v == Channel::partner ? tr(Text::channel_partner) : tr(Text::channel_direct);
}

const char* tr(ContactRole v) {
  switch (v) {
    case ContactRole::champion:
      return tr(Text::contact_champion);
    case ContactRole::critic:
      return tr(Text::contact_critic);
    case ContactRole::decision_maker:
      return tr(Text::contact_decision_maker);
  }
  return tr(Text::contact_champion);
}

std::string format_text(const char* fmt, ...) {
  va_list args;
  va_start(args, fmt);
  va_list again;
  va_copy(again, args);
  const int n = std::vsnprintf(nullptr, 0, fmt, args);
  va_end(args);
  std::string out(n > 0 ? static_cast<std::size_t>(n) : 0, '\0');
  if (n > 0) std::vsnprintf(out.data(), out.size() + 1, fmt, again);
  va_end(again);
  return out;
}

std::string tr_with(Text id, std::string_view arg) {
  std::string s = tr(id);
  if (const auto at = s.find("%s"); at != std::string::npos) s.replace(at, 2, arg);
  return s;
}

}  // namespace shipboard::client
