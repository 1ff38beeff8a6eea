// Import jobs: a CSV upload decoded, parsed, mapped to the kind's fields and handed to the
// store, on one background thread of the server (never a request thread), with its progress
// (rows done / total) kept in memory where GET /api/v1/imports/{id} reads it while it runs. A
// finished job is saved to the database (GET /api/v1/imports lists them after a restart); the
// bytes of the last dry runs stay in memory so POST /imports/{id}/commit can run them again.
// run_import() is the same pipeline without a thread, for `shipboard-server import`.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "store/store.hpp"

namespace shipboard::server {

// What to import: the bytes and the options of POST /api/v1/imports (or the command line).
struct ImportSpec {
  ImportKind kind = ImportKind::customers;
  bool dry_run = true;
  std::string encoding = "auto";  // csv::normalize_encoding's names
  std::string mapping;            // a saved mapping's source; "" = headers map themselves
  std::shared_ptr<const std::string> body;
  store::Actor actor;
};

// Rows done / total of a running job: written by the import, read by GET while it runs.
struct ImportProgress {
  std::atomic<std::int64_t> total{0}, done{0};
};

// The state of a job as the API shows it (GET /api/v1/imports/{id}). The worker runs a copy and
// hands back the result under the jobs' lock; only `progress` is shared while it runs.
struct ImportJob {
  Id id = 0;
  ImportSpec spec;
  std::string state = "queued";  // queued | running | done | failed
  std::string encoding;          // what the bytes were read as
  std::shared_ptr<ImportProgress> progress = std::make_shared<ImportProgress>();
  store::ImportReport report;
  std::string error;  // why it failed as a whole ("" when done)
  std::string created_at, finished_at;
  std::optional<Id> commit_of;  // the dry run this job commits
  nlohmann::json to_json() const;
};

// Decodes, parses and maps `spec`'s bytes, then imports them through `store`. Sets the job's
// encoding, progress (total once the rows are known, then done), report, state and error.
void run_import(store::Store& store, ImportJob& job, const std::string& now);

class ImportJobs {
 public:
  explicit ImportJobs(store::Store& store, std::function<std::string()> clock);
  ~ImportJobs();
  ImportJobs(const ImportJobs&) = delete;
  void stop();

  // Queues a job; its JSON as first seen (state queued).
  nlohmann::json submit(ImportSpec spec, std::optional<Id> commit_of = std::nullopt);
  // A job, live or finished; nullopt when unknown.
  std::optional<nlohmann::json> get(Id id);
  // Newest first, at most `limit`.
  nlohmann::json list(int limit);
  // A finished dry run whose bytes are still here, for a commit. `why` when not.
  enum class CommitCheck { ok, unknown, not_dry_run, not_finished, refused, gone };
  CommitCheck commit_source(Id id, ImportSpec& spec, std::string& why);

 private:
  void work();
  store::Store& store_;
  std::function<std::string()> clock_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::shared_ptr<ImportJob>> queue_;
  std::map<Id, std::shared_ptr<ImportJob>> jobs_;  // live and recent (bytes of the last few)
  Id next_id_ = 1;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace shipboard::server
