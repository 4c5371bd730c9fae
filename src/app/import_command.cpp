// `bi admin import FILE --name NAME --owner EMAIL`: imports a CSV from the command line through
// the same DatasetService as POST /api/datasets (same rules, same audit line), with a progress
// bar when stderr is a terminal. Also the demo dataset that `bi serve --demo` (make run) seeds.

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "api/api_context.h"
#include "app/commands.h"
#include "app/demo_data.h"
#include "common/log.h"
#include "ingest/dataset_service.h"
#include "ingest/upload_form.h"

namespace bi::app {
namespace {

namespace fs = std::filesystem;

std::string WorkRoot(const Config& config) {
  return (fs::path(config.data_dir) / "tmp" / "imports").string();
}

void DrawProgress(const char* phase, uint64_t done, uint64_t total) {
  const int width = 40;
  double f = total ? static_cast<double>(done) / static_cast<double>(total) : 1.0;
  int filled = static_cast<int>(f * width);
  std::string bar(static_cast<size_t>(filled), '#');
  bar.resize(width, '.');
  std::fprintf(stderr, "\r%-6s [%s] %5.1f%% %7.1f MB", phase, bar.c_str(), f * 100,
               static_cast<double>(done) / 1e6);
  std::fflush(stderr);
}

int Import(const ParsedArgs& args) {
  auto name = args.get("name");
  auto owner = args.get("owner");
  if (args.positional.size() != 1 || !name || !owner) {
    std::cerr << "bi admin import: FILE, --name and --owner are required\n";
    return kExitUsage;
  }
  const std::string path = args.positional[0];
  std::error_code ec;
  uint64_t size = fs::file_size(path, ec);
  if (ec) {
    std::cerr << "bi admin import: cannot read " << path << "\n";
    return kExitFailure;
  }
  std::optional<Config> config = LoadConfigOrReport(args, "admin import");
  if (!config) return kExitFailure;
  auto ctx = api::ApiContext::Open(*config);
  if (!ctx.ok()) {
    std::cerr << "bi admin import: " << ctx.status().message() << "\n";
    return kExitFailure;
  }
  auto user = (*ctx)->users.FindByEmail(*owner);
  if (!user.ok() || !*user) {
    std::cerr << "bi admin import: no user with email " << *owner << "\n";
    return kExitFailure;
  }
  std::map<std::string, std::string> fields;
  for (const char* k : {"encoding", "delimiter", "quote"}) {
    if (auto v = args.get(k)) fields[k] = *v;
  }
  if (auto v = args.get("column-types")) fields["columnTypes"] = *v;
  if (args.has("no-header")) fields["hasHeader"] = "false";
  if (args.has("lenient")) fields["lenient"] = "true";
  auto options = ingest::ImportOptionsFromFields(fields);
  if (!options.ok()) {
    std::cerr << "bi admin import: " << options.status().message() << "\n";
    return kExitUsage;
  }
  if (size > ingest::kMaxImportBytes) {
    std::cerr << "bi admin import: the file is over the 100 MB limit\n";
    return kExitFailure;
  }
  const bool tty = ::isatty(STDERR_FILENO);
  if (tty) options->progress = DrawProgress;
  ingest::DatasetService service(*(*ctx)->store, *(*ctx)->blobs, WorkRoot(*config));
  ingest::NewDataset meta{(**user).user_id, *name, args.get("description").value_or("")};
  auto created = service.Create(meta, ingest::ImportSource{path, 0, size}, *options);
  if (tty) std::fprintf(stderr, "\n");
  log::Flush();
  if (!created.ok()) {
    std::cerr << "bi admin import: " << created.status().message() << "\n";
    if (!created.status().details().is_null())
      std::cerr << created.status().details().dump() << "\n";
    return kExitFailure;
  }
  std::cout << ingest::DatasetJson(*created).dump(2) << "\n";
  return kExitOk;
}

// A small deterministic sales table with Japanese regions, every column type and some nulls.
std::string DemoCsv() {
  static const char* kRegions[] = {"東京", "大阪", "名古屋", "福岡", "札幌"};
  static const char* kProducts[] = {"コーヒー", "紅茶", "ケーキ", "サンドイッチ"};
  std::string csv = "order_id,order_date,ordered_at,region,product,quantity,unit_price,member\n";
  uint64_t x = 42;
  auto next = [&x] {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    return x >> 33;
  };
  for (int i = 1; i <= 500; ++i) {
    // A day of January to March 2024 (a leap year).
    int day = static_cast<int>(next() % 91);
    int month = 1, dom = day + 1;
    for (int length : {31, 29, 31}) {
      if (dom <= length) break;
      dom -= length;
      ++month;
    }
    char line[256];
    std::snprintf(line, sizeof line,
                  "%d,2024-%02d-%02d,2024-%02d-%02dT%02d:%02d:00,%s,%s,%s,%d.%02d,%s\n", i, month,
                  dom, month, dom, static_cast<int>(8 + next() % 12), static_cast<int>(next() % 60),
                  kRegions[next() % 5], kProducts[next() % 4],
                  next() % 20 == 0 ? "" : std::to_string(1 + next() % 9).c_str(),
                  static_cast<int>(300 + next() % 900), static_cast<int>(next() % 100),
                  next() % 2 ? "true" : "false");
    csv += line;
  }
  return csv;
}

}  // namespace

Command AdminImportCommand() {
  return {"admin import",
          "FILE --name NAME --owner EMAIL",
          "import a CSV file as a dataset owned by a user (progress bar on a terminal)",
          {{"name", true, "dataset name"},
           {"owner", true, "email of the owning user"},
           {"description", true, "dataset description"},
           {"encoding", true, "source encoding (default: detected)"},
           {"delimiter", true, "one character, tab or auto (default: ,)"},
           {"quote", true, "quote character (default: \")"},
           {"column-types", true, "JSON object of column type overrides"},
           {"no-header", false, "the first row is data"},
           {"lenient", false, "pad short rows with nulls, drop extra fields"}},
          1,
          Import};
}

Result<std::string> SeedDemoDataset(api::ApiContext& ctx, const std::string& owner_id) {
  repo::DatasetRepository datasets(*ctx.store);
  repo::PageRequest page;
  page.limit = 1;
  page.newest_first = false;
  auto existing = datasets.ListByOwner(owner_id, page);
  if (!existing.ok()) return existing.status();
  if (!existing->items.empty()) return existing->items.front().dataset_id;
  fs::path dir = fs::path(ctx.config.data_dir) / "tmp";
  std::error_code ec;
  fs::create_directories(dir, ec);
  std::string path = (dir / "demo-sales.csv").string();
  std::string csv = DemoCsv();
  {
    std::ofstream out(path, std::ios::binary);
    out << csv;
  }
  ingest::DatasetService service(*ctx.store, *ctx.blobs, WorkRoot(ctx.config));
  auto created = service.Create({owner_id, "デモ: 売上 (demo sales)", "generated demo data"},
                                ingest::ImportSource{path, 0, csv.size()}, {});
  fs::remove(path, ec);
  if (!created.ok()) return created.status();
  log::Info("demo_dataset").Str("dataset_id", created->dataset_id).Int("rows", created->row_count);
  return created->dataset_id;
}

}  // namespace bi::app
