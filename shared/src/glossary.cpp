// The bilingual product glossary and the likeness of two titles (see glossary.hpp). Terms are
// written folded: lower-case English, Simplified Chinese; Traditional input folds to them.
#include "shipboard/glossary.hpp"

#include <algorithm>

#include "shipboard/search_text.hpp"

namespace shipboard {
namespace {

constexpr GlossaryTerm kGlossary[] = {
    {"live", "live"},
    {"live", "livestream"},
    {"live", "live stream"},
    {"live", "直播"},
    {"replay", "replay"},
    {"replay", "playback"},
    {"replay", "回放"},
    {"replay", "重播"},
    {"export", "export"},
    {"export", "导出"},
    {"export", "汇出"},
    {"import", "import"},
    {"import", "导入"},
    {"import", "汇入"},
    {"report", "report"},
    {"report", "reports"},
    {"report", "报表"},
    {"report", "报告"},
    {"sso", "sso"},
    {"sso", "single sign on"},
    {"sso", "单点登录"},
    {"sso", "单一登入"},
    {"sso", "单一登录"},
    {"mobile", "mobile"},
    {"mobile", "手机"},
    {"mobile", "行动版"},
    {"mobile", "移动端"},
    {"push", "push"},
    {"push", "推送"},
    {"push", "推播"},
    {"notification", "notification"},
    {"notification", "notifications"},
    {"notification", "通知"},
    {"dark", "dark mode"},
    {"dark", "dark theme"},
    {"dark", "深色模式"},
    {"dark", "暗色模式"},
    {"dark", "夜间模式"},
    {"video", "video"},
    {"video", "videos"},
    {"video", "视频"},
    {"video", "影片"},
    {"watermark", "watermark"},
    {"watermark", "水印"},
    {"language", "multi language"},
    {"language", "multilingual"},
    {"language", "languages"},
    {"language", "localization"},
    {"language", "i18n"},
    {"language", "多语言"},
    {"language", "多语系"},
    {"language", "多国语言"},
    {"subtitle", "subtitle"},
    {"subtitle", "subtitles"},
    {"subtitle", "caption"},
    {"subtitle", "captions"},
    {"subtitle", "字幕"},
    {"auto", "auto"},
    {"auto", "automatic"},
    {"auto", "automatically"},
    {"auto", "自动"},
    {"permission", "permission"},
    {"permission", "permissions"},
    {"permission", "access control"},
    {"permission", "权限"},
    {"role", "role"},
    {"role", "roles"},
    {"role", "角色"},
    {"invoice", "invoice"},
    {"invoice", "invoices"},
    {"invoice", "发票"},
    {"payment", "payment"},
    {"payment", "payments"},
    {"payment", "pay"},
    {"payment", "付款"},
    {"payment", "支付"},
    {"card", "credit card"},
    {"card", "信用卡"},
    {"limit", "rate limit"},
    {"limit", "limit"},
    {"limit", "quota"},
    {"limit", "上限"},
    {"meeting", "meeting"},
    {"meeting", "meetings"},
    {"meeting", "会议"},
    {"record", "record"},
    {"record", "recording"},
    {"record", "录影"},
    {"record", "录制"},
    {"record", "录像"},
    {"beauty", "beauty"},
    {"beauty", "beautify"},
    {"beauty", "美颜"},
    {"filter", "filter"},
    {"filter", "filters"},
    {"filter", "滤镜"},
    {"dashboard", "dashboard"},
    {"dashboard", "仪表板"},
    {"dashboard", "仪表盘"},
    {"custom", "custom"},
    {"custom", "customizable"},
    {"custom", "customize"},
    {"custom", "自订"},
    {"custom", "自定义"},
    {"customer", "customer"},
    {"customer", "customers"},
    {"customer", "client"},
    {"customer", "clients"},
    {"customer", "客户"},
    {"bulk", "bulk"},
    {"bulk", "batch"},
    {"bulk", "批次"},
    {"bulk", "批量"},
    {"search", "search"},
    {"search", "搜寻"},
    {"search", "搜索"},
    {"fuzzy", "fuzzy"},
    {"fuzzy", "模糊"},
    {"calendar", "calendar"},
    {"calendar", "行事历"},
    {"calendar", "日历"},
    {"sync", "sync"},
    {"sync", "synchronize"},
    {"sync", "同步"},
    {"chat", "chat"},
    {"chat", "聊天"},
    {"mute", "mute"},
    {"mute", "禁言"},
    {"screen_share", "screen sharing"},
    {"screen_share", "screen share"},
    {"screen_share", "屏幕分享"},
    {"screen_share", "萤幕分享"},
    {"screen_share", "共享屏幕"},
    {"two_factor", "two factor"},
    {"two_factor", "2fa"},
    {"two_factor", "two step"},
    {"two_factor", "mfa"},
    {"two_factor", "两步骤验证"},
    {"two_factor", "两步验证"},
    {"two_factor", "双重验证"},
    {"two_factor", "二次验证"},
    {"schedule", "schedule"},
    {"schedule", "scheduled"},
    {"schedule", "排程"},
    {"schedule", "定时"},
    {"email", "email"},
    {"email", "e mail"},
    {"email", "邮件"},
    {"backup", "backup"},
    {"backup", "back up"},
    {"backup", "备份"},
    {"restore", "restore"},
    {"restore", "还原"},
    {"restore", "恢复"},
    {"approval", "approval"},
    {"approval", "approve"},
    {"approval", "审批"},
    {"approval", "签核"},
    {"workflow", "workflow"},
    {"workflow", "流程"},
    {"co_host", "co host"},
    {"co_host", "连麦"},
    {"download", "download"},
    {"download", "下载"},
    {"tag", "tag"},
    {"tag", "tags"},
    {"tag", "label"},
    {"tag", "labels"},
    {"tag", "标签"},
    {"read_receipt", "read receipt"},
    {"read_receipt", "read receipts"},
    {"read_receipt", "已读"},
    {"message", "message"},
    {"message", "messages"},
    {"message", "讯息"},
    {"message", "消息"},
    {"offline", "offline"},
    {"offline", "离线"},
};

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

}  // namespace

std::span<const GlossaryTerm> glossary() {
  return kGlossary;
}

std::vector<std::string> concepts_of(std::string_view text) {
  const std::string folded = normalize_for_search(text);
  // The words, one space apart and around, so English phrases match whole words only.
  std::string words = " ";
  for (const auto& t : search_terms(text))
    if (is_ascii(t)) words += t + " ";
  std::vector<std::string> out;
  for (const auto& g : kGlossary) {
    const bool found = is_ascii(g.term)
                           ? words.find(" " + std::string(g.term) + " ") != std::string::npos
                           : folded.find(g.term) != std::string::npos;
    if (found) out.emplace_back(g.concept_id);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

TitleFingerprint fingerprint(std::string_view title) {
  return {similarity_tokens(title), concepts_of(title)};
}

double title_likeness(const TitleFingerprint& a, const TitleFingerprint& b) {
  const double by_tokens = similarity(a.tokens, b.tokens);
  const double by_concepts = 0.9 * similarity(a.concepts, b.concepts);
  return std::max(by_tokens, by_concepts);
}

}  // namespace shipboard
