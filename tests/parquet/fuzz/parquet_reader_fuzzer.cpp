// libFuzzer target for the Parquet reader: any byte string must yield a reader error or a
// successful read, never a crash, sanitizer report, hang or over-limit allocation.
// Built and run by run.sh (clang-14, -fsanitize=fuzzer,address,undefined).
#include <cstddef>
#include <cstdint>
#include <string>

#include "parquet/reader.h"

using namespace bi::parquet;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ReaderOptions limits;  // tighter than the defaults so one input stays small
  limits.max_footer_bytes = 1 << 20;
  limits.max_row_group_rows = 1 << 20;
  limits.max_page_bytes = 16 << 20;
  limits.max_string_bytes = 64 << 20;
  auto r =
      FileReader::Open(MemoryFile(std::string(reinterpret_cast<const char*>(data), size)), limits);
  if (!r.ok()) return 0;
  const FileReader& reader = **r;
  for (int f = 0; f < reader.schema().num_fields(); ++f) {
    (void)reader.SelectRowGroups(
        {{reader.schema().fields[f].name, Predicate::Op::kGe, {int64_t{0}}}});
  }
  for (bool dict : {false, true}) {
    ReadOptions ro;
    ro.keep_dictionary = dict;
    std::vector<int> cols, groups;
    for (int c = 0; c < reader.schema().num_fields(); ++c) cols.push_back(c);
    for (int g = 0; g < reader.num_row_groups(); ++g) groups.push_back(g);
    (void)reader.Read(cols, groups, ro);
  }
  return 0;
}
