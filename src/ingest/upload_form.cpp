#include "ingest/upload_form.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <vector>

#include "ingest/multipart.h"

namespace bi::ingest {
namespace {

constexpr size_t kMaxFieldBytes = 64 * 1024;

std::optional<bool> ParseFlag(std::string v) {
  std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return std::tolower(c); });
  if (v == "true" || v == "1" || v == "yes" || v == "on") return true;
  if (v == "false" || v == "0" || v == "no" || v == "off") return false;
  return std::nullopt;
}

}  // namespace

Result<UploadForm> ReadUploadForm(const std::string& body_path, uint64_t body_size,
                                  const std::string& content_type) {
  auto boundary = MultipartParser::BoundaryFromContentType(content_type);
  if (!boundary.ok()) return boundary.status();
  UploadForm form;
  std::string current;
  bool in_file = false, file_seen = false;
  uint64_t file_begin = 0, file_end = 0;
  bool have_range = false;
  std::string* field = nullptr;
  MultipartParser::Callbacks cb;
  cb.on_part_begin = [&](const PartInfo& part) -> Status {
    current = part.name;
    in_file = part.name == "file";
    have_range = false;
    if (in_file) {
      if (file_seen) return Status::InvalidArgument("more than one file part", {{"field", "file"}});
      file_seen = true;
      form.filename = part.filename;
      field = nullptr;
    } else {
      field = &form.fields[part.name];
      field->clear();
    }
    return Status::Ok();
  };
  cb.on_data = [&](std::string_view data, uint64_t offset) -> Status {
    if (in_file) {
      if (!have_range) {
        file_begin = offset;
        have_range = true;
      }
      file_end = offset + data.size();
      return Status::Ok();
    }
    if (field->size() + data.size() > kMaxFieldBytes)
      return Status::InvalidArgument("form field '" + current + "' is too long",
                                     {{"field", current}});
    field->append(data);
    return Status::Ok();
  };
  cb.on_part_end = [&]() -> Status {
    if (in_file) {
      form.file = ImportSource{body_path, have_range ? file_begin : 0,
                               have_range ? file_end - file_begin : 0};
    }
    in_file = false;
    return Status::Ok();
  };
  MultipartParser parser(*boundary, cb);
  int fd = ::open(body_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IoError("cannot read the uploaded body");
  std::vector<char> buf(1 << 20);
  uint64_t pos = 0;
  Status st;
  while (pos < body_size) {
    ssize_t n = ::pread(fd, buf.data(), buf.size(), static_cast<off_t>(pos));
    if (n <= 0) {
      st = Status::IoError("cannot read the uploaded body");
      break;
    }
    pos += static_cast<uint64_t>(n);
    st = parser.Feed(std::string_view(buf.data(), static_cast<size_t>(n)));
    if (!st.ok()) break;
  }
  ::close(fd);
  if (st.ok()) st = parser.Finish();
  if (!st.ok()) return st;
  return form;
}

Result<ImportOptions> ImportOptionsFromFields(const std::map<std::string, std::string>& fields) {
  ImportOptions o;
  auto get = [&](const char* k) -> const std::string* {
    auto it = fields.find(k);
    return it == fields.end() ? nullptr : &it->second;
  };
  if (auto* v = get("encoding"); v && !v->empty() && *v != "auto") o.encoding = *v;
  if (auto* v = get("delimiter"); v && !v->empty()) o.delimiter = *v;
  if (auto* v = get("quote"); v && !v->empty()) o.quote = *v;
  if (auto* v = get("hasHeader"); v && !v->empty()) {
    auto flag = ParseFlag(*v);
    if (!flag)
      return Status::InvalidArgument("hasHeader must be true or false", {{"field", "hasHeader"}});
    o.has_header = *flag;
  }
  if (auto* v = get("lenient"); v && !v->empty()) {
    auto flag = ParseFlag(*v);
    if (!flag)
      return Status::InvalidArgument("lenient must be true or false", {{"field", "lenient"}});
    o.lenient = *flag;
  }
  if (auto* v = get("columnTypes"); v && !v->empty()) {
    auto types = ParseColumnTypes(*v);
    if (!types.ok()) return types.status();
    o.column_types = *types;
  }
  return o;
}

}  // namespace bi::ingest
