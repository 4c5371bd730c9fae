// Driver for profiling the CSV importer alone (no metadata store, no publication):
//   import_tool <file.csv> [reps] [threads] [out_dir]  -> {"ms":[...],"rows":N,"storedBytes":N}
// Runs bi::ingest::ImportCsv into a temporary work directory, removed after each run, or into
// out_dir (kept, for checking the parts).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "ingest/importer.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: import_tool <file.csv> [reps] [threads] [out_dir]\n");
    return 2;
  }
  std::string path = argv[1];
  int reps = argc > 2 ? std::atoi(argv[2]) : 1;
  bi::ingest::ImportOptions opt;
  if (argc > 3) opt.threads = std::atoi(argv[3]);
  std::string keep = argc > 4 ? argv[4] : "";
  std::error_code ec;
  uint64_t size = std::filesystem::file_size(path, ec);
  if (ec) {
    std::fprintf(stderr, "cannot stat %s\n", path.c_str());
    return 1;
  }
  std::string ms;
  int64_t rows = 0;
  uint64_t stored = 0;
  for (int i = 0; i < reps; ++i) {
    std::string dir = !keep.empty() ? keep
                                    : std::string(std::filesystem::temp_directory_path() /
                                                  ("import_tool." + std::to_string(i)));
    std::filesystem::create_directories(dir);
    auto t0 = std::chrono::steady_clock::now();
    auto r = bi::ingest::ImportCsv({path, 0, size}, opt, dir);
    auto t1 = std::chrono::steady_clock::now();
    if (keep.empty()) std::filesystem::remove_all(dir, ec);
    if (!r.ok()) {
      std::fprintf(stderr, "import failed: %s\n", r.status().message().c_str());
      return 1;
    }
    rows = r->row_count;
    stored = r->stored_bytes;
    if (!ms.empty()) ms += ",";
    ms += std::to_string(std::chrono::duration<double, std::milli>(t1 - t0).count());
  }
  std::printf("{\"ms\":[%s],\"rows\":%lld,\"storedBytes\":%llu}\n", ms.c_str(),
              static_cast<long long>(rows), static_cast<unsigned long long>(stored));
  return 0;
}
