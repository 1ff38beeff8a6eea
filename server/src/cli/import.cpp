// `shipboard-server import --customers FILE [--dry-run] [--db PATH] [--encoding E]
// [--mapping SOURCE]` (also --requests, --items): the same import job the API runs
// (import/jobs.hpp), against the database file directly, with its progress on the terminal —
// rows done / total on one line rewritten with \r on a tty, a line every few seconds otherwise —
// and a summary with the first errors. Exit 0 done, 1 rows refused or the file refused, 2 usage.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "app.hpp"
#include "cli/commands.hpp"
#include "import/csv.hpp"
#include "import/jobs.hpp"

namespace shipboard::server {
namespace {

int usage_error(const std::string& why) {
  std::fprintf(stderr,
               "shipboard-server import: %s\n"
               "usage: shipboard-server import --customers|--requests|--items FILE [--dry-run]\n"
               "       [--db PATH] [--encoding auto|utf-8|gb18030|big5] [--mapping SOURCE]\n",
               why.c_str());
  return 2;
}

// The account an import from the command line acts as: the first active admin, else PM.
std::optional<User> operator_account(store::Store& store) {
  std::optional<User> pm;
  std::string cursor;
  for (int pages = 0; pages < 100; ++pages) {
    auto page = store.list_users(500, cursor);
    if (!page.value) break;
    for (const auto& u : page.value->items) {
      if (!u.active) continue;
      if (u.role == Role::admin) return u;
      if (u.role == Role::pm && !pm) pm = u;
    }
    if (!page.value->next_cursor) break;
    cursor = *page.value->next_cursor;
  }
  return pm;
}

}  // namespace

int import_csv(const Config& config, const std::vector<std::string>& args) {
  std::optional<ImportKind> kind;
  std::string file, encoding = "auto", mapping;
  bool dry_run = false;
  for (std::size_t i = 0; i + 1 < args.size() || i < args.size(); i += 2) {
    if (i + 1 >= args.size()) return usage_error("unexpected '" + args[i] + "'");
    const std::string& k = args[i];
    const std::string& v = args[i + 1];
    if (k == "--customers" || k == "--requests" || k == "--items") {
      if (kind) return usage_error("one of --customers, --requests, --items, once");
      kind = parse_import_kind(k.substr(2));
      file = v;
    } else if (k == "--dry-run") {
      dry_run = v != "0" && v != "false";
    } else if (k == "--encoding") {
      encoding = csv::normalize_encoding(v);
      if (encoding.empty()) return usage_error("--encoding must be auto, utf-8, gb18030 or big5");
    } else if (k == "--mapping") {
      mapping = v;
    } else {
      return usage_error("unknown argument '" + k + "'");
    }
  }
  if (!kind || file.empty()) return usage_error("name the file with --customers, --requests or --items");
  std::ifstream in(file, std::ios::binary);
  if (!in) return usage_error("cannot read " + file);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (bytes.str().size() > csv::kMaxImportBytes) {
    std::fprintf(stderr, "shipboard-server import: %s is larger than 32 MiB\n", file.c_str());
    return 1;
  }
  if (!std::filesystem::exists(config.db)) {
    std::fprintf(stderr, "shipboard-server import: no database at %s\n", config.db.c_str());
    return 1;
  }
  try {
    store::SqliteOptions so;
    so.synchronous = config.synchronous;
    auto store = store::open_sqlite_store(config.db, so);
    auto who = operator_account(*store);
    if (!who) {
      std::fprintf(stderr, "shipboard-server import: the board has no active admin or PM to "
                           "import as\n");
      return 1;
    }
    ImportJob job;
    job.id = store->last_import_job_id() + 1;
    job.spec.kind = *kind;
    job.spec.dry_run = dry_run;
    job.spec.encoding = encoding;
    job.spec.mapping = mapping;
    job.spec.body = std::make_shared<const std::string>(bytes.str());
    job.spec.actor = {who->id, who->role};
    job.created_at = App::now();
    const bool tty = isatty(STDOUT_FILENO) != 0;
    const auto start = std::chrono::steady_clock::now();
    std::atomic<bool> finished{false};
    std::thread worker([&] {
      try {
        run_import(*store, job, App::now());
      } catch (const std::exception& e) {
        job.state = "failed";
        job.error = std::string("the import stopped: ") + e.what() + "; nothing was written";
      }
      finished = true;
    });
    auto last_line = start;
    const char* what = dry_run ? "dry run" : "import";
    while (!finished) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      const auto now = std::chrono::steady_clock::now();
      const auto total = job.progress->total.load();
      if (total == 0) continue;
      if (tty) {
        std::printf("\r%s %s: %lld / %lld rows", what, std::string(to_string(*kind)).c_str(),
                    static_cast<long long>(job.progress->done.load()),
                    static_cast<long long>(total));
        std::fflush(stdout);
      } else if (now - last_line >= std::chrono::seconds(5)) {
        std::printf("%s %s: %lld / %lld rows\n", what, std::string(to_string(*kind)).c_str(),
                    static_cast<long long>(job.progress->done.load()),
                    static_cast<long long>(total));
        std::fflush(stdout);
        last_line = now;
      }
    }
    worker.join();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    job.finished_at = App::now();
    if (tty) std::printf("\r");
    std::printf("%s %s: %lld / %lld rows (%s) in %.1f s: %lld created, %lld updated, %lld refused",
                what, std::string(to_string(*kind)).c_str(),
                static_cast<long long>(job.progress->done.load()),
                static_cast<long long>(job.progress->total.load()),
                job.encoding.empty() ? "?" : job.encoding.c_str(), seconds,
                static_cast<long long>(job.report.created),
                static_cast<long long>(job.report.updated),
                static_cast<long long>(job.report.refused));
    std::printf(" — %s\n", job.report.written ? "written"
                           : dry_run          ? "a dry run, nothing written"
                                              : "nothing written");
    if (!job.error.empty()) std::printf("%s\n", job.error.c_str());
    std::size_t shown = 0;
    for (const auto& e : job.report.errors) {
      if (++shown > 10) break;
      std::printf("  row %lld%s%s: %s\n", static_cast<long long>(e.row),
                  e.column.empty() ? "" : ", ", e.column.c_str(), e.reason.c_str());
    }
    if (job.report.errors_total > 10)
      std::printf("  ... and %lld more\n", static_cast<long long>(job.report.errors_total - 10));
    store->save_import_job(job.id, job.spec.kind, job.state, who->id, job.created_at,
                           job.finished_at, job.to_json());
    return job.state == "done" && job.report.refused == 0 ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "shipboard-server import: %s\n", e.what());
    return 1;
  }
}

}  // namespace shipboard::server
