// Import jobs (see jobs.hpp): the pipeline bytes -> UTF-8 -> records -> mapped fields -> store,
// and the one background thread that runs the queue.
#include "import/jobs.hpp"

#include <set>

#include "import/csv.hpp"
#include "shipboard/crm_import.hpp"

namespace shipboard::server {
namespace {

constexpr std::size_t kKeepJobs = 50;        // in memory (older ones are read from the db)
constexpr std::size_t kKeepBodies = 4;       // dry runs whose bytes are kept for a commit

void fail(ImportJob& job, std::string why, std::int64_t row = 0, std::string column = {}) {
  job.state = "failed";
  job.error = why;
  if (row > 0 || !column.empty()) {
    job.report.errors.push_back({row, std::move(column), std::move(why)});
    job.report.errors_total = static_cast<std::int64_t>(job.report.errors.size());
  }
}

}  // namespace

nlohmann::json ImportJob::to_json() const {
  nlohmann::json errors = nlohmann::json::array();
  for (const auto& e : report.errors)
    errors.push_back({{"row", e.row}, {"column", e.column}, {"reason", e.reason}});
  nlohmann::json preview = nlohmann::json::array();
  for (const auto& p : report.preview)
    preview.push_back({{"row", p.row}, {"action", p.action}, {"key", p.key}, {"name", p.name}});
  return {{"id", id},
          {"kind", to_string(spec.kind)},
          {"dry_run", spec.dry_run},
          {"state", state},
          {"encoding", encoding},
          {"mapping", spec.mapping},
          {"rows_total", progress->total.load()},
          {"rows_done", progress->done.load()},
          {"created", report.created},
          {"updated", report.updated},
          {"refused", report.refused},
          {"errors", errors},
          {"errors_total", report.errors_total},
          {"preview", preview},
          {"written", report.written},
          {"commit_of", commit_of ? nlohmann::json(*commit_of) : nlohmann::json(nullptr)},
          {"created_by", spec.actor.user_id ? nlohmann::json(spec.actor.user_id) : nlohmann::json(nullptr)},
          {"created_at", created_at},
          {"finished_at", finished_at},
          {"error", error}};
}

void run_import(store::Store& store, ImportJob& job, const std::string& now) {
  job.state = "running";
  const std::string& bytes = *job.spec.body;
  auto text = csv::decode(bytes, job.spec.encoding);
  if (!text.ok) return fail(job, text.error);
  job.encoding = text.encoding;
  auto records = csv::parse(text.text);
  if (!records.ok) return fail(job, records.error, records.error_row, "");
  if (records.rows.empty()) return fail(job, "the file is empty: it needs a header row", 1, "");
  // The header: a saved mapping first, then the headers that name a field themselves.
  std::vector<std::pair<std::string, std::string>> mapped;
  if (!job.spec.mapping.empty()) {
    auto m = store.import_mapping(job.spec.mapping, job.spec.kind);
    if (!m)
      return fail(job, "no saved mapping '" + job.spec.mapping + "' for " +
                           std::string(to_string(job.spec.kind)));
    for (const auto& [header, field] : m->columns) mapped.emplace_back(fold_header(header), field);
  }
  const auto& header = records.rows.front();
  std::vector<std::string> fields;
  std::set<std::string> taken;
  FieldErrors header_errors;
  for (const auto& h : header) {
    std::string folded = fold_header(h);
    std::optional<std::string> field;
    for (const auto& [fh, f] : mapped)
      if (fh == folded) field = f;
    if (!field)
      if (auto f = field_for_header(job.spec.kind, h)) field = std::string(*f);
    if (!field && folded.empty()) field = "";  // an empty header: an unnamed column, ignored
    if (!field) {
      job.report.errors.push_back(
          {1, h, "unknown column: not a field of " + std::string(to_string(job.spec.kind)) +
                     " and not in the mapping (map it to \"\" to ignore it)"});
      fields.emplace_back();
      continue;
    }
    if (!field->empty() && !taken.insert(*field).second)
      job.report.errors.push_back({1, h, "a second column for " + *field});
    fields.push_back(*field);
  }
  if (!job.report.errors.empty()) {
    job.report.errors_total = static_cast<std::int64_t>(job.report.errors.size());
    job.state = "failed";
    job.error = "the header row has " + std::to_string(job.report.errors.size()) +
                " unknown or repeated columns; nothing was read";
    return;
  }
  store::ImportRows rows;
  rows.kind = job.spec.kind;
  rows.dry_run = job.spec.dry_run;
  rows.fields = std::move(fields);
  rows.job_id = job.id;
  rows.rows.assign(std::make_move_iterator(records.rows.begin() + 1),
                   std::make_move_iterator(records.rows.end()));
  rows.row_numbers.reserve(rows.rows.size());
  for (std::size_t i = 0; i < rows.rows.size(); ++i)
    rows.row_numbers.push_back(static_cast<std::int64_t>(i) + 2);
  const auto total = static_cast<std::int64_t>(rows.rows.size());
  job.progress->total = total;
  auto progress = job.progress;
  job.report = store.import_rows(job.spec.actor, rows,
                                 [progress](std::int64_t done) { progress->done = done; }, now);
  job.progress->done = total;
  if (!job.spec.dry_run && !job.report.written) {
    job.state = "failed";
    job.error = std::to_string(job.report.refused) + " of " + std::to_string(total) +
                " rows were refused; nothing was written";
    return;
  }
  job.state = "done";
}

ImportJobs::ImportJobs(store::Store& store, std::function<std::string()> clock)
    : store_(store), clock_(std::move(clock)) {
  next_id_ = store_.last_import_job_id() + 1;
  thread_ = std::thread([this] { work(); });
}

ImportJobs::~ImportJobs() {
  stop();
}

void ImportJobs::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

nlohmann::json ImportJobs::submit(ImportSpec spec, std::optional<Id> commit_of) {
  auto job = std::make_shared<ImportJob>();
  job->spec = std::move(spec);
  job->commit_of = commit_of;
  job->created_at = clock_();
  nlohmann::json j;
  {
    std::lock_guard lock(mutex_);
    // The command line may have saved jobs since (it numbers them from the database too).
    next_id_ = std::max(next_id_, store_.last_import_job_id() + 1);
    job->id = next_id_++;
    jobs_[job->id] = job;
    queue_.push_back(job);
    j = job->to_json();
    // Forget the oldest finished jobs beyond kKeepJobs (they are in the database), and the
    // bytes of all but the last kKeepBodies finished jobs.
    std::size_t finished = 0;
    for (auto it = jobs_.rbegin(); it != jobs_.rend(); ++it) {
      const auto& s = it->second->state;
      if (s != "done" && s != "failed") continue;
      ++finished;
      if (finished > kKeepBodies) it->second->spec.body.reset();
    }
    while (jobs_.size() > kKeepJobs) {
      auto oldest = jobs_.begin();
      const auto& s = oldest->second->state;
      if (s != "done" && s != "failed") break;
      jobs_.erase(oldest);
    }
  }
  cv_.notify_all();
  return j;
}

std::optional<nlohmann::json> ImportJobs::get(Id id) {
  {
    std::lock_guard lock(mutex_);
    if (auto it = jobs_.find(id); it != jobs_.end()) return it->second->to_json();
  }
  return store_.import_job(id);
}

nlohmann::json ImportJobs::list(int limit) {
  std::map<Id, nlohmann::json, std::greater<>> all;
  for (auto& j : store_.list_import_jobs(limit))
    if (j.contains("id") && j["id"].is_number_integer()) {
      const Id id = j["id"].get<Id>();  // read before the move (the right side goes first)
      all[id] = std::move(j);
    }
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, job] : jobs_) all[id] = job->to_json();
  }
  nlohmann::json items = nlohmann::json::array();
  for (auto& [id, j] : all) {
    if (static_cast<int>(items.size()) >= limit) break;
    // The list is a summary: the first errors and rows are in GET /imports/{id}.
    j.erase("preview");
    if (j.contains("errors") && j["errors"].size() > 10) {
      auto first = nlohmann::json::array();
      for (std::size_t i = 0; i < 10; ++i) first.push_back(j["errors"][i]);
      j["errors"] = first;
    }
    items.push_back(std::move(j));
  }
  return items;
}

ImportJobs::CommitCheck ImportJobs::commit_source(Id id, ImportSpec& spec, std::string& why) {
  std::lock_guard lock(mutex_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) {
    if (store_.import_job(id)) {
      why = "the file of this dry run is no longer kept (the server keeps the last " +
            std::to_string(kKeepBodies) + "); upload it again";
      return CommitCheck::gone;
    }
    why = "no such import";
    return CommitCheck::unknown;
  }
  const ImportJob& job = *it->second;
  if (!job.spec.dry_run) {
    why = "import #" + std::to_string(id) + " is not a dry run";
    return CommitCheck::not_dry_run;
  }
  if (job.state == "queued" || job.state == "running") {
    why = "the dry run has not finished yet";
    return CommitCheck::not_finished;
  }
  if (job.state == "failed" || job.report.refused > 0) {
    why = job.state == "failed"
              ? "the dry run failed: " + job.error
              : "the dry run refused " + std::to_string(job.report.refused) +
                    " rows; fix them and upload the file again (a commit is all or nothing)";
    return CommitCheck::refused;
  }
  if (!job.spec.body) {
    why = "the file of this dry run is no longer kept; upload it again";
    return CommitCheck::gone;
  }
  spec = job.spec;
  spec.dry_run = false;
  return CommitCheck::ok;
}

void ImportJobs::work() {
  for (;;) {
    std::shared_ptr<ImportJob> job;
    {
      std::unique_lock lock(mutex_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      job = queue_.front();
      queue_.pop_front();
      job->state = "running";
    }
    ImportJob run;  // the worker's copy; shares only the progress counters
    {
      std::lock_guard lock(mutex_);
      run.id = job->id;
      run.spec = job->spec;
      run.progress = job->progress;
    }
    try {
      run_import(store_, run, clock_());
    } catch (const std::exception& e) {
      run.state = "failed";
      run.error = std::string("the import stopped: ") + e.what() + "; nothing was written";
      run.report.written = false;
    }
    nlohmann::json j;
    {
      std::lock_guard lock(mutex_);
      job->state = run.state;
      job->encoding = run.encoding;
      job->report = std::move(run.report);
      job->error = run.error;
      job->finished_at = clock_();
      j = job->to_json();
    }
    try {
      store_.save_import_job(job->id, job->spec.kind, job->state,
                             job->spec.actor.user_id ? std::optional<Id>(job->spec.actor.user_id)
                                                     : std::nullopt,
                             job->created_at, job->finished_at, j);
    } catch (const std::exception&) {
      // The job stays readable from memory; the list after a restart will miss it.
    }
  }
}

}  // namespace shipboard::server
