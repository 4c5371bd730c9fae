// Datasets: /api/datasets (import, list), /api/datasets/{datasetId} (get, patch, delete),
// .../data (replace), .../preview, .../download. Handlers parse and render; the rules live in
// ingest::DatasetService. Datasets of other users answer 404, as if they did not exist.

#include <cctype>
#include <cstdio>
#include <filesystem>

#include "api/api_router.h"
#include "api/json_fields.h"
#include "blob/publication.h"
#include "ingest/dataset_service.h"
#include "ingest/upload_form.h"

namespace bi::api {
namespace {

// Reading a dataset is also allowed to whoever can view a dashboard with a card that uses it.
Result<ingest::Viewer> ReaderOf(ApiContext& ctx, const auth::Caller& caller,
                                const std::string& dataset_id) {
  ingest::Viewer viewer = ViewerOf(caller);
  if (viewer.admin) return viewer;
  auto reachable = ctx.cards.access().DatasetReachable(viewer.user_id, dataset_id);
  if (!reachable.ok()) return reachable.status();
  if (*reachable) viewer.admin = true;  // read-only routes only
  return viewer;
}

Result<int64_t> IntParam(const http::Request& req, const char* name, int64_t fallback, int64_t lo,
                         int64_t hi) {
  auto v = req.query_param(name);
  if (!v) return fallback;
  int64_t out = 0;
  try {
    size_t used = 0;
    out = std::stoll(*v, &used);
    if (used != v->size()) throw std::invalid_argument("trailing");
  } catch (const std::exception&) {
    return Status::InvalidArgument(std::string(name) + " must be an integer", {{"field", name}});
  }
  if (out < lo || out > hi) {
    return Status::InvalidArgument(
        std::string(name) + " must be from " + std::to_string(lo) + " to " + std::to_string(hi),
        {{"field", name}});
  }
  return out;
}

// The uploaded form of POST /api/datasets and PUT .../data.
struct Upload {
  ingest::UploadForm form;
  ingest::ImportOptions options;
};

Result<Upload> ReadUpload(const http::Request& req) {
  auto form = ingest::ReadUploadForm(req.body_file, req.body_file_size,
                                     std::string(req.header("Content-Type")));
  if (!form.ok()) return form.status();
  if (!form->file)
    return Status::InvalidArgument("the form needs a file part", {{"field", "file"}});
  if (form->file->length > ingest::kMaxImportBytes) {
    return Status::PayloadTooLarge("the file is over the 100 MB limit",
                                   {{"limitBytes", ingest::kMaxImportBytes}});
  }
  auto options = ingest::ImportOptionsFromFields(form->fields);
  if (!options.ok()) return options.status();
  return Upload{std::move(form).value(), std::move(options).value()};
}

http::RouteOptions UploadRoute(const Config& config) {
  http::RouteOptions o;
  o.body = http::BodyKind::kFile;
  // The whole request (file and form fields) may be 100 MB: a larger declared length is
  // refused before any of it is read.
  o.max_body_bytes = ingest::kMaxImportBytes;
  o.body_dir = (std::filesystem::path(config.data_dir) / "tmp" / "uploads").string();
  return o;
}

nlohmann::json PageJson(const repo::Page<repo::Dataset>& page) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& d : page.items) items.push_back(ingest::DatasetJson(d));
  return {
      {"items", items},
      {"nextCursor", page.cursor.empty() ? nlohmann::json(nullptr) : nlohmann::json(page.cursor)}};
}

}  // namespace

void AddDatasetRoutes(RouteTable& routes) {
  ApiContext& ctx = routes.ctx();
  auto service = std::make_shared<ingest::DatasetService>(
      *ctx.store, *ctx.blobs,
      (std::filesystem::path(ctx.config.data_dir) / "tmp" / "imports").string(),
      [&ctx] { return ctx.clock.NowMillis(); });

  routes.Signed(
      http::Verb::post, "/api/datasets",
      [service](http::Request& req, const auth::Caller& caller) -> Result<http::Response> {
        auto upload = ReadUpload(req);
        if (!upload.ok()) return upload.status();
        ingest::NewDataset meta;
        meta.owner_id = caller.user.user_id;
        auto& fields = upload->form.fields;
        if (fields.count("name")) {
          meta.name = fields["name"];
        } else {
          meta.name = std::filesystem::path(upload->form.filename).stem().string();
        }
        if (fields.count("description")) meta.description = fields["description"];
        auto created = service->Create(meta, *upload->form.file, upload->options);
        if (!created.ok()) return created.status();
        return http::Response::Json(ingest::DatasetJson(*created), 201);
      },
      UploadRoute(ctx.config));

  routes.Signed(
      http::Verb::get, "/api/datasets",
      [service](http::Request& req, const auth::Caller& caller) -> Result<http::Response> {
        repo::PageRequest page;
        auto limit = IntParam(req, "limit", 50, 1, 1000);
        if (!limit.ok()) return limit.status();
        page.limit = static_cast<int>(*limit);
        if (auto c = req.query_param("cursor")) page.cursor = *c;
        // Admins see every dataset unless they ask for their own (?mine=true).
        bool all = req.query_param("mine").value_or("") != "true";
        auto list = service->List(ViewerOf(caller), page, all);
        if (!list.ok()) return list.status();
        return http::Response::Json(PageJson(*list));
      });

  routes.Signed(
      http::Verb::get, "/api/datasets/{datasetId}",
      [service, &ctx](http::Request& req, const auth::Caller& caller) -> Result<http::Response> {
        const std::string id = req.path_param("datasetId");
        auto d = service->Get(ViewerOf(caller), id);
        if (d.status().code() == ErrorCode::kNotFound) {
          auto reader = ReaderOf(ctx, caller, id);
          if (!reader.ok()) return reader.status();
          d = service->Get(*reader, id);
        }
        if (!d.ok()) return d.status();
        return http::Response::Json(ingest::DatasetJson(*d));
      });

  routes.Signed(
      http::Verb::patch, "/api/datasets/{datasetId}",
      [service](http::Request& req, const auth::Caller& caller) -> Result<http::Response> {
        BI_RETURN_IF_ERROR(OnlyFields(req.json, {"name", "description", "version"}));
        auto version = RequiredVersion(req.json);
        if (!version.ok()) return version.status();
        auto name = OptionalString(req.json, "name");
        if (!name.ok()) return name.status();
        auto description = OptionalString(req.json, "description");
        if (!description.ok()) return description.status();
        auto d = service->Update(ViewerOf(caller), req.path_param("datasetId"), *name, *description,
                                 *version);
        if (!d.ok()) return d.status();
        return http::Response::Json(ingest::DatasetJson(*d));
      },
      JsonBody(64 * 1024));

  routes.Signed(
      http::Verb::delete_, "/api/datasets/{datasetId}",
      [service](http::Request& req, const auth::Caller& caller) -> Result<http::Response> {
        std::optional<int64_t> version;
        if (req.query_param("version")) {
          auto v = IntParam(req, "version", 0, 1, INT64_MAX);
          if (!v.ok()) return v.status();
          version = *v;
        }
        BI_RETURN_IF_ERROR(service->Delete(ViewerOf(caller), req.path_param("datasetId"), version));
        return http::Response::NoContent();
      });

  routes.Signed(
      http::Verb::put, "/api/datasets/{datasetId}/data",
      [service](http::Request& req, const auth::Caller& caller) -> Result<http::Response> {
        auto upload = ReadUpload(req);
        if (!upload.ok()) return upload.status();
        std::optional<int64_t> version;
        if (auto it = upload->form.fields.find("version"); it != upload->form.fields.end()) {
          try {
            version = std::stoll(it->second);
          } catch (const std::exception&) {
            return Status::InvalidArgument("version must be an integer", {{"field", "version"}});
          }
        }
        auto d = service->ReplaceData(ViewerOf(caller), req.path_param("datasetId"),
                                      *upload->form.file, upload->options, version);
        if (!d.ok()) return d.status();
        return http::Response::Json(ingest::DatasetJson(*d));
      },
      UploadRoute(ctx.config));

  routes.Signed(
      http::Verb::get, "/api/datasets/{datasetId}/preview",
      [service, &ctx](http::Request& req, const auth::Caller& caller) -> Result<http::Response> {
        auto limit = IntParam(req, "limit", 100, 0, 1000);
        if (!limit.ok()) return limit.status();
        auto offset = IntParam(req, "offset", 0, 0, INT64_MAX);
        if (!offset.ok()) return offset.status();
        const std::string id = req.path_param("datasetId");
        auto reader = ReaderOf(ctx, caller, id);
        if (!reader.ok()) return reader.status();
        auto preview = service->Preview(*reader, id, *offset, *limit);
        if (!preview.ok()) return preview.status();
        return http::Response::Json(*preview);
      });

  const std::string export_dir =
      (std::filesystem::path(ctx.config.data_dir) / "tmp" / "downloads").string();
  routes.Signed(
      http::Verb::get, "/api/datasets/{datasetId}/download",
      [service, export_dir](http::Request& req,
                            const auth::Caller& caller) -> Result<http::Response> {
        std::string format = req.query_param("format").value_or("csv");
        auto d = service->Get(ViewerOf(caller), req.path_param("datasetId"));
        if (!d.ok()) return d.status();
        auto path = service->Export(ViewerOf(caller), d->dataset_id, format, export_dir);
        if (!path.ok()) return path.status();
        // The file is streamed and removed by the server once opened.
        http::Response res = http::Response::File(
            *path, format == "csv" ? "text/csv; charset=utf-8" : "application/vnd.apache.parquet",
            true);
        std::string ascii;
        for (char c : d->name) ascii += (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') ? c : '_';
        std::string encoded;
        for (unsigned char c : d->name + "." + format) {
          char buf[4];
          if (std::isalnum(c) || c == '.' || c == '-' || c == '_') {
            encoded += static_cast<char>(c);
          } else {
            std::snprintf(buf, sizeof buf, "%%%02X", c);
            encoded += buf;
          }
        }
        res.Header("Content-Disposition", "attachment; filename=\"" + ascii + "." + format +
                                              "\"; filename*=UTF-8''" + encoded);
        return res;
      });
}

}  // namespace bi::api
