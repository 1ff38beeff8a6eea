// Status transitions, customer-answer staleness, applying patches (never half-applied) and the
// change summary that becomes events and notifications.
#include <catch2/catch.hpp>

#include <set>

#include "shipboard/workflow.hpp"

using namespace shipboard;
using nlohmann::json;
using S = ItemStatus;

namespace {
Item planned_item() {
  Item it;
  it.id = 42;
  it.title = "直播";
  it.status = S::planned;
  it.release_id = 3;
  it.eta = parse_eta("2027-Q1");
  it.commitment = Commitment::tentative;
  it.customer_answer = "預計 2027 年第一季。";
  it.answer_basis = AnswerBasis{S::planned, 3, parse_eta("2027-Q1")};
  it.created_by = 10;
  it.version = 5;
  it.updated_at = "2026-01-01T00:00:00Z";
  return it;
}
constexpr std::string_view kNow = "2026-06-01T12:00:00Z";
}  // namespace

TEST_CASE("status transitions") {
  CHECK(transition_allowed(S::under_review, S::planned));
  CHECK(transition_allowed(S::planned, S::in_progress));
  CHECK(transition_allowed(S::beta, S::shipped));
  CHECK(transition_allowed(S::under_review, S::shipped));  // skipping forward
  CHECK(transition_allowed(S::beta, S::in_progress));      // slipping back
  CHECK(transition_allowed(S::planned, S::under_review));
  CHECK_FALSE(transition_allowed(S::shipped, S::beta));  // shipped is final
  CHECK_FALSE(transition_allowed(S::shipped, S::declined));
  CHECK(transition_allowed(S::shipped, S::shipped));  // no-op
  for (S s : {S::under_review, S::planned, S::in_progress, S::beta})
    CHECK(transition_allowed(s, S::declined));
  CHECK(transition_allowed(S::declined, S::under_review));  // reopen
  CHECK_FALSE(transition_allowed(S::declined, S::planned));
  CHECK(allowed_next_statuses(S::declined) == std::vector<S>{S::under_review});
  CHECK(allowed_next_statuses(S::shipped).empty());
  CHECK(allowed_next_statuses(S::beta).size() == 5);
}

TEST_CASE("the customer answer goes stale when status, release or ETA change") {
  Item it = planned_item();
  CHECK_FALSE(answer_stale(it));
  Item eta = it;
  eta.eta = parse_eta("2027-Q2");
  CHECK(answer_stale(eta));
  Item rel = it;
  rel.release_id.reset();
  CHECK(answer_stale(rel));
  Item st = it;
  st.status = S::in_progress;
  CHECK(answer_stale(st));
  Item no_answer = st;
  no_answer.customer_answer.clear();
  CHECK_FALSE(answer_stale(no_answer));
  Item no_basis = it;
  no_basis.answer_basis.reset();
  CHECK(answer_stale(no_basis));
}

TEST_CASE("apply_patch: an ETA change makes the answer stale, confirming clears it") {
  PatchItem slip;
  slip.eta = std::optional<Eta>{*parse_eta("2027-Q2")};
  auto r = apply_patch(planned_item(), slip, kNow);
  REQUIRE(r.ok());
  CHECK(r.value->answer_stale);
  CHECK(r.value->version == 6);
  CHECK(r.value->updated_at == kNow);
  auto changes = diff_items(planned_item(), *r.value);
  CHECK(changes.eta);
  CHECK(changes.became_stale);
  CHECK(changes.notable());
  CHECK(changes.fields() == std::vector<std::string>{"eta"});
  CHECK(to_string(event_type_for(changes)) == "item.eta_changed");
  CHECK(changes_to_json(planned_item(), *r.value) ==
        json{{"eta", {{"from", "2027-Q1"}, {"to", "2027-Q2"}}},
             {"answer_stale", {{"from", false}, {"to", true}}}});

  PatchItem confirm;
  confirm.confirm_answer = true;
  auto c = apply_patch(*r.value, confirm, kNow);
  REQUIRE(c.ok());
  CHECK_FALSE(c.value->answer_stale);
  CHECK(c.value->answer_basis->eta == parse_eta("2027-Q2"));
  auto cc = diff_items(*r.value, *c.value);
  CHECK(cc.answer_confirmed);
  CHECK_FALSE(cc.notable());
  CHECK(to_string(event_type_for(cc)) == "item.answer_confirmed");
}

TEST_CASE("apply_patch: writing the answer resets its basis to the new state") {
  PatchItem p;
  p.status = S::in_progress;
  p.customer_answer = "開發中，預計第一季。";
  auto r = apply_patch(planned_item(), p, kNow);
  REQUIRE(r.ok());
  CHECK_FALSE(r.value->answer_stale);
  CHECK(r.value->answer_basis->status == S::in_progress);
  auto changes = diff_items(planned_item(), *r.value);
  CHECK(changes.fields() == std::vector<std::string>{"status", "customer_answer"});
  CHECK(to_string(event_type_for(changes)) == "item.status_changed");

  PatchItem clear;
  clear.customer_answer = "";
  auto cl = apply_patch(planned_item(), clear, kNow);
  REQUIRE(cl.ok());
  CHECK_FALSE(cl.value->answer_basis);
  CHECK_FALSE(cl.value->answer_stale);
}

TEST_CASE("apply_patch: errors leave the item untouched") {
  Item shipped = planned_item();
  shipped.status = S::shipped;
  PatchItem back;
  back.status = S::beta;
  back.title = "new title";
  auto r = apply_patch(shipped, back, kNow);
  REQUIRE_FALSE(r.ok());
  CHECK_FALSE(r.value);
  CHECK(r.errors == FieldErrors{{"status", "cannot change from shipped to beta"}});

  PatchItem commit;
  commit.commitment = Commitment::committed;
  commit.eta = std::optional<Eta>{};
  auto c = apply_patch(planned_item(), commit, kNow);
  REQUIRE_FALSE(c.ok());
  CHECK(c.errors.at(0).field == "commitment");

  Item committed = planned_item();
  committed.commitment = Commitment::committed;
  PatchItem clear_eta;
  clear_eta.eta = std::optional<Eta>{};
  auto ce = apply_patch(committed, clear_eta, kNow);
  REQUIRE_FALSE(ce.ok());
  CHECK(ce.errors.at(0).field == "eta");

  PatchItem ok_commit;
  ok_commit.commitment = Commitment::committed;
  CHECK(apply_patch(planned_item(), ok_commit, kNow).ok());  // the item has an ETA

  Item blank = planned_item();
  blank.customer_answer.clear();
  PatchItem confirm;
  confirm.confirm_answer = true;
  CHECK(apply_patch(blank, confirm, kNow).errors.at(0).field == "confirm_answer");

  Item merged = planned_item();
  merged.merged_into = 7;
  PatchItem t;
  t.title = "x";
  CHECK(apply_patch(merged, t, kNow).errors.at(0).field == "merged_into");
}

TEST_CASE("a patch that changes nothing keeps the version") {
  PatchItem same;
  same.status = S::planned;
  auto r = apply_patch(planned_item(), same, kNow);
  REQUIRE(r.ok());
  CHECK(r.value->version == 5);
  CHECK_FALSE(diff_items(planned_item(), *r.value).any());
}

TEST_CASE("make_item: defaults, the answer basis and the ETA rule") {
  CreateItem c;
  c.title = "直播";
  c.customer_answer = "評估中";
  auto it = make_item(c, 9, 10, kNow);
  REQUIRE(it.ok());
  CHECK(it.value->status == S::under_review);
  CHECK(it.value->created_by == 10);
  CHECK(it.value->answer_basis == AnswerBasis{S::under_review, std::nullopt, std::nullopt});
  CHECK_FALSE(it.value->answer_stale);
  c.commitment = Commitment::committed;
  CHECK_FALSE(make_item(c, 9, 10, kNow).ok());
}

TEST_CASE("told entries go stale with the item") {
  Item it = planned_item();
  CreateTold cmd{4, 42, std::nullopt};
  Told t = make_told(cmd, 1, 10, &it, nullptr, kNow);
  CHECK(t.text == it.customer_answer);
  CHECK_FALSE(told_stale(t, it));
  Item later = it;
  later.eta = parse_eta("2027-Q3");
  CHECK(told_stale(t, later));
  Item reworded = it;
  reworded.customer_answer = "改了";
  CHECK(told_stale(t, reworded));
}

TEST_CASE("merging rules") {
  Item a = planned_item(), b = planned_item();
  b.id = 43;
  CHECK(check_merge(a, b).empty());
  CHECK_FALSE(check_merge(a, a).empty());
  b.merged_into = 50;
  CHECK_FALSE(check_merge(a, b).empty());
  b.merged_into.reset();
  b.status = S::declined;
  CHECK_FALSE(check_merge(a, b).empty());
}

TEST_CASE("releases, customers, questions, library entries, users") {
  CreateRelease cr{"2027.1", "2027-03-31", std::nullopt, ReleaseState::planned, "", ""};
  Release r = make_release(cr, 2, kNow);
  PatchRelease ship;
  ship.state = ReleaseState::released;
  CHECK(apply_patch(r, ship, kNow).errors.at(0).field == "shipped_date");
  ship.shipped_date = std::optional<std::string>{"2027-04-01"};
  auto shipped = apply_patch(r, ship, kNow);
  REQUIRE(shipped.ok());
  CHECK(shipped.value->version == 2);

  CreateCustomer cc;
  cc.name = "華夏銀行";
  cc.channel = Channel::partner;
  cc.partner_id = 5;
  auto c = make_customer(cc, 5, 10, kNow);
  REQUIRE_FALSE(c.ok());  // its own partner
  auto c2 = make_customer(cc, 6, 10, kNow);
  REQUIRE(c2.ok());
  CHECK(c2.value->owner_id == 10);
  PatchCustomer direct;
  direct.channel = Channel::direct;
  auto d = apply_patch(*c2.value, direct, kNow);
  REQUIRE(d.ok());
  CHECK_FALSE(d.value->partner_id);
  PatchCustomer to_partner;
  to_partner.channel = Channel::partner;
  CHECK(apply_patch(*d.value, to_partner, kNow).errors.at(0).field == "partner_id");

  Question q = make_question(CreateQuestion{7, std::nullopt, 4, "能做嗎？"}, 3, 10, kNow);
  CHECK(q.state == QuestionState::open);
  Question a = add_answer(q, AnswerQuestion{"可以", true}, 8, 2, kNow);
  CHECK(a.state == QuestionState::answered);
  CHECK(a.answered_at == kNow);
  REQUIRE(a.answers.size() == 1);
  auto lib = library_entry_from_answer(a, a.answers[0], 11, "zh-Hant", kNow);
  CHECK(lib.title == "能做嗎？");
  CHECK(lib.body == "可以");
  CHECK(lib.item_id == 7);

  User u{1, "amy", "Amy", Role::sales, true, 1, ""};
  PatchUser pu;
  pu.role = Role::pm;
  CHECK(apply_patch(u, pu).role == Role::pm);
  CHECK(apply_patch(u, pu).version == 2);
}

TEST_CASE("event types: one table, names round-trip, embeds listen to items and releases only") {
  std::set<std::string> seen;
  for (EventType t : kAllEventTypes) {
    std::string name(to_string(t));
    INFO(name);
    CHECK(seen.insert(name).second);  // no name twice
    CHECK(parse_event_type(name) == t);
    CHECK(name.find('.') != std::string::npos);
    CHECK(is_embed_event(t) == (name.rfind("item.", 0) == 0 || name.rfind("release.", 0) == 0));
  }
  CHECK_FALSE(parse_event_type("item.deleted"));
  CHECK(event_type_names(false, ' ').find("question.answered") != std::string::npos);
  CHECK(event_type_names(true, ' ').find("question.answered") == std::string::npos);
  CHECK(event_type_names(true, ' ').find("item.status_changed") != std::string::npos);
}

TEST_CASE("spellings lists every value of an enum, each of which parses back") {
  auto each = [](const std::string& list, auto parse, std::size_t count) {
    std::size_t n = 0, start = 0;
    while (start <= list.size()) {
      auto end = list.find(", ", start);
      std::string name = list.substr(start, end == std::string::npos ? end : end - start);
      INFO(name);
      CHECK(parse(name));
      ++n;
      if (end == std::string::npos) break;
      start = end + 2;
    }
    CHECK(n == count);
  };
  each(spellings(ItemStatus{}), parse_item_status, std::size(kAllItemStatuses));
  each(spellings(Commitment{}), parse_commitment, std::size(kAllCommitments));
  each(spellings(Role{}), parse_role, 5);
  each(spellings(ContactRole{}), parse_contact_role, 3);
  CHECK(spellings(ItemStatus{}).rfind("under_review, planned", 0) == 0);  // in enum order
}
