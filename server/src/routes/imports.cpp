// CRM data in and out as CSV (issue 15, part 4): uploads that run as import jobs (a dry run
// first, then a commit that is all or nothing), their progress, the saved column mappings per
// source, and the exports an import reads back unchanged. Admin and PM only (import_data,
// export_data); the bytes and the job thread are in import/, the rows in store/crm_import.cpp.
#include "import/csv.hpp"
#include "import/jobs.hpp"
#include "routes/route.hpp"
#include "shipboard/crm_import.hpp"
#include "shipboard/utf8.hpp"

namespace shipboard::server {
namespace {

void create_import(App& app, const Principal& p, const Req& req, Res& res);
void list_imports(App& app, const Principal& p, const Req& req, Res& res);
void get_import(App& app, const Principal& p, const Req& req, Res& res);
void commit_import(App& app, const Principal& p, const Req& req, Res& res);
void list_import_mappings(App& app, const Principal& p, const Req& req, Res& res);
void put_import_mapping(App& app, const Principal& p, const Req& req, Res& res);
void export_customers(App& app, const Principal& p, const Req& req, Res& res);
void export_requests(App& app, const Principal& p, const Req& req, Res& res);
void export_items(App& app, const Principal& p, const Req& req, Res& res);
void export_told(App& app, const Principal& p, const Req& req, Res& res);

constexpr Route kRoutes[] = {
    {Method::post, "/api/v1/imports", "create_import", create_import, changes(Action::import_data)},
    {Method::get, "/api/v1/imports", "list_imports", list_imports, reads(Action::import_data)},
    {Method::get, "/api/v1/imports/:id", "get_import", get_import, reads(Action::import_data)},
    {Method::post, "/api/v1/imports/:id/commit", "commit_import", commit_import,
     changes(Action::import_data)},
    {Method::get, "/api/v1/import-mappings", "list_import_mappings", list_import_mappings,
     reads(Action::import_data)},
    {Method::put, "/api/v1/import-mappings/:source", "put_import_mapping", put_import_mapping,
     changes(Action::import_data)},
    {Method::get, "/api/v1/exports/customers.csv", "export_customers", export_customers,
     reads(Action::export_data)},
    {Method::get, "/api/v1/exports/requests.csv", "export_requests", export_requests,
     reads(Action::export_data)},
    {Method::get, "/api/v1/exports/items.csv", "export_items", export_items,
     reads(Action::export_data)},
    {Method::get, "/api/v1/exports/told.csv", "export_told", export_told,
     reads(Action::export_data)},
};

constexpr int kMaxExportRows = 1'000'000;

void send_job(Res& res, int status, const nlohmann::json& job) {
  res.set_header("Location", "/api/v1/imports/" + std::to_string(job["id"].get<Id>()));
  send_json(res, status, job);
}

// The charset of a Content-Type ("" when none).
std::string charset_of(const std::string& type) {
  std::string lower;
  for (char c : type) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto at = lower.find("charset=");
  if (at == std::string::npos) return "";
  std::string v = lower.substr(at + 8);
  if (auto end = v.find(';'); end != std::string::npos) v = v.substr(0, end);
  return v;
}

void create_import(App& app, const Principal& p, const Req& req, Res& res) {
  if (req.body.size() > csv::kMaxImportBytes)
    return problem(res, 413, "Content Too Large", "a CSV import is at most 32 MiB");
  const std::string type = req.get_header_value("Content-Type");
  std::string media = type.substr(0, type.find(';'));
  for (auto& c : media) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  while (!media.empty() && media.back() == ' ') media.pop_back();
  if (media != "text/csv" && media != "text/plain" && media != "application/csv" &&
      media != "application/vnd.ms-excel" && media != "application/octet-stream")
    return problem(res, 415, "Unsupported Media Type",
                   "send the CSV file as the body with Content-Type: text/csv");
  auto kind = parse_import_kind(req.get_param_value("kind"));
  if (!kind)
    return problem(res, 400, "Bad Request", "kind must be one of " + spellings(ImportKind{}),
                   {{"kind", "must be one of " + spellings(ImportKind{})}});
  std::string enc_param = req.has_param("encoding") ? req.get_param_value("encoding")
                                                    : charset_of(type);
  std::string encoding = csv::normalize_encoding(enc_param);
  if (encoding.empty())
    return problem(res, 400, "Bad Request", "encoding must be auto, utf-8, gb18030 or big5",
                   {{"encoding", "must be auto, utf-8, gb18030 or big5"}});
  std::string mapping = req.get_param_value("mapping");
  if (!mapping.empty() && !app.store().import_mapping(mapping, *kind))
    return problem(res, 422, "Unprocessable Content",
                   "no saved mapping '" + mapping + "' for " + std::string(to_string(*kind)),
                   {{"mapping", "no such mapping for this kind"}});
  if (req.body.empty())
    return problem(res, 400, "Bad Request", "the body is empty: send the CSV file");
  ImportSpec spec;
  spec.kind = *kind;
  spec.dry_run = truthy(req, "dry_run");
  spec.encoding = encoding;
  spec.mapping = mapping;
  spec.body = std::make_shared<const std::string>(req.body);
  spec.actor = p.actor();
  send_job(res, 202, app.imports().submit(std::move(spec)));
}

void list_imports(App& app, const Principal&, const Req& req, Res& res) {
  auto limit = list_limit(req, res, 20, 100);
  if (!limit) return;
  send_json(res, 200, {{"items", app.imports().list(*limit)}});
}

void get_import(App& app, const Principal&, const Req& req, Res& res) {
  auto id = path_id(req, res);
  if (!id) return;
  auto job = app.imports().get(*id);
  if (!job) return problem(res, 404, "Not Found", "no such import");
  send_json(res, 200, *job);
}

void commit_import(App& app, const Principal& p, const Req& req, Res& res) {
  auto id = path_id(req, res);
  if (!id) return;
  ImportSpec spec;
  std::string why;
  switch (app.imports().commit_source(*id, spec, why)) {
    case ImportJobs::CommitCheck::ok:
      break;
    case ImportJobs::CommitCheck::unknown:
      return problem(res, 404, "Not Found", why);
    case ImportJobs::CommitCheck::not_dry_run:
    case ImportJobs::CommitCheck::not_finished:
    case ImportJobs::CommitCheck::gone:
      return problem(res, 409, "Conflict", why);
    case ImportJobs::CommitCheck::refused:
      return problem(res, 422, "Unprocessable Content", why);
  }
  spec.actor = p.actor();
  send_job(res, 202, app.imports().submit(std::move(spec), *id));
}

nlohmann::json mapping_json(const store::ImportMapping& m) {
  nlohmann::json cols = nlohmann::json::object();
  for (const auto& [h, f] : m.columns) cols[h] = f;
  return {{"source", m.source},
          {"kind", to_string(m.kind)},
          {"columns", cols},
          {"updated_by", m.updated_by ? nlohmann::json(*m.updated_by) : nlohmann::json(nullptr)},
          {"updated_at", m.updated_at}};
}

void list_import_mappings(App& app, const Principal&, const Req& req, Res& res) {
  auto limit = list_limit(req, res, 100, 500);
  if (!limit) return;
  nlohmann::json items = nlohmann::json::array();
  for (const auto& m : app.store().list_import_mappings(*limit)) items.push_back(mapping_json(m));
  nlohmann::json fields = nlohmann::json::object();
  for (ImportKind k : kAllImportKinds) {
    auto& list = fields[std::string(to_string(k))] = nlohmann::json::array();
    for (auto f : import_fields(k)) list.push_back(std::string(f));
  }
  send_json(res, 200, {{"items", items}, {"fields", fields}});
}

bool valid_source(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
      return false;
  return true;
}

void put_import_mapping(App& app, const Principal& p, const Req& req, Res& res) {
  std::string source = req.path_params.at("source");
  if (!valid_source(source))
    return problem(res, 400, "Bad Request",
                   "a source is 1..64 characters of a-z, 0-9, '-', '_' and '.'",
                   {{"source", "1..64 characters of a-z, 0-9, '-', '_', '.'"}});
  auto body = json_body(req, res);
  if (!body) return;
  FieldErrors errors;
  std::optional<ImportKind> kind;
  if (body->is_object() && body->contains("kind") && (*body)["kind"].is_string())
    kind = parse_import_kind((*body)["kind"].get<std::string>());
  if (!kind) errors.push_back({"kind", "must be one of " + spellings(ImportKind{})});
  store::ImportMapping m;
  m.source = source;
  if (!body->is_object() || !body->contains("columns") || !(*body)["columns"].is_object()) {
    errors.push_back({"columns", "must be an object of header -> field"});
  } else if (kind) {
    m.kind = *kind;
    const auto& cols = (*body)["columns"];
    if (cols.size() > 500) errors.push_back({"columns", "at most 500 columns"});
    for (auto& [header, field] : cols.items()) {
      if (!field.is_string()) {
        errors.push_back({"columns." + header, "must be a field name or \"\""});
        continue;
      }
      std::string f = field.get<std::string>();
      if (header.empty() || header.size() > 400 || !is_valid_utf8(header))
        errors.push_back({"columns", "a header is 1..400 bytes of UTF-8"});
      else if (!f.empty() && !is_import_field(*kind, f))
        errors.push_back({"columns." + header, "'" + f + "' is not a field of " +
                                                   std::string(to_string(*kind)) + " (" +
                                                   [&] {
                                                     std::string all;
                                                     for (auto x : import_fields(*kind))
                                                       all += (all.empty() ? "" : ", ") + std::string(x);
                                                     return all;
                                                   }() + ")"});
      else
        m.columns.emplace_back(header, f);
    }
  }
  if (body->is_object())
    for (const auto& [k, v] : body->items())
      if (k != "kind" && k != "columns" && k != "source")
        errors.push_back({k, "is not a field of a mapping"});
  if (!errors.empty())
    return problem(res, 422, "Unprocessable Content", "the mapping has invalid fields", errors);
  m.updated_by = p.user.id ? std::optional<Id>(p.user.id) : std::nullopt;
  m.updated_at = App::now();
  app.store().put_import_mapping(m);
  auto saved = app.store().import_mapping(source, m.kind);
  send_json(res, 200, mapping_json(saved ? *saved : m));
}

void send_export(App& app, const char* what, Res& res) {
  auto rows = app.store().export_rows(what, kMaxExportRows);
  res.set_header("Content-Disposition",
                 std::string("attachment; filename=\"") + what + ".csv\"");
  res.status = 200;
  res.set_content(csv::write(rows), "text/csv; charset=utf-8");
}

void export_customers(App& app, const Principal&, const Req&, Res& res) {
  send_export(app, "customers", res);
}
void export_requests(App& app, const Principal&, const Req&, Res& res) {
  send_export(app, "requests", res);
}
void export_items(App& app, const Principal&, const Req&, Res& res) {
  send_export(app, "items", res);
}
void export_told(App& app, const Principal&, const Req&, Res& res) {
  send_export(app, "told", res);
}

}  // namespace

std::span<const Route> import_routes() {
  return kRoutes;
}

}  // namespace shipboard::server
