#include "blob/blob_store.h"

namespace bi::blob {
namespace {

bool ValidUtf8NoControls(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7F) return false;
    size_t len = c < 0x80             ? 1
                 : (c & 0xE0) == 0xC0 ? 2
                 : (c & 0xF0) == 0xE0 ? 3
                 : (c & 0xF8) == 0xF0 ? 4
                                      : 0;
    if (len == 0 || i + len > s.size()) return false;
    if (len == 2 && c < 0xC2) return false;  // overlong
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

Status CheckSegments(std::string_view key, bool allow_partial_last) {
  size_t start = 0;
  while (true) {
    size_t end = key.find('/', start);
    bool last = end == std::string_view::npos;
    std::string_view seg = key.substr(start, last ? std::string_view::npos : end - start);
    if (seg.empty() && !(last && allow_partial_last)) {
      return Status::InvalidArgument("blob key has an empty segment");
    }
    if (seg.size() > 255) return Status::InvalidArgument("blob key segment over 255 bytes");
    if (seg == "..") return Status::InvalidArgument("blob key may not contain '..'");
    if (seg == "." && !(last && allow_partial_last)) {
      return Status::InvalidArgument("blob key may not contain '.' segments");
    }
    if (seg.rfind(".tmp-", 0) == 0) {
      return Status::InvalidArgument("blob key segments may not start with '.tmp-'");
    }
    if (last) return Status::Ok();
    start = end + 1;
  }
}

}  // namespace

Status ValidateBlobKey(std::string_view key) {
  if (key.empty() || key.size() > 1024)
    return Status::InvalidArgument("blob key must be 1..1024 bytes");
  if (!ValidUtf8NoControls(key) || key.find('\\') != std::string_view::npos) {
    return Status::InvalidArgument("blob key has invalid characters");
  }
  if (key.front() == '/') return Status::InvalidArgument("blob key may not be absolute");
  return CheckSegments(key, false);
}

Status ValidateBlobPrefix(std::string_view prefix) {
  if (prefix.empty()) return Status::Ok();
  if (prefix.size() > 1024 || !ValidUtf8NoControls(prefix) ||
      prefix.find('\\') != std::string_view::npos || prefix.front() == '/') {
    return Status::InvalidArgument("invalid blob prefix");
  }
  return CheckSegments(prefix, true);
}

Status BlobStore::PutString(std::string_view key, std::string data) {
  StringSource source(std::move(data));
  return Put(key, source);
}

Status BlobStore::PutFile(std::string_view key, const std::filesystem::path& path) {
  auto source = FileSource::Open(path);
  if (!source.ok()) return source.status();
  return Put(key, **source);
}

Status BlobStore::DeleteMany(const std::vector<std::string>& keys) {
  for (const auto& key : keys) BI_RETURN_IF_ERROR(ValidateBlobKey(key));
  for (const auto& key : keys) BI_RETURN_IF_ERROR(Delete(key));
  return Status::Ok();
}

Status BlobStore::MoveFile(std::string_view key, const std::filesystem::path& path) {
  return PutFile(key, path);
}

Result<std::string> BlobStore::GetString(std::string_view key, std::optional<ByteRange> range) {
  auto source = Open(key, range);
  if (!source.ok()) return source.status();
  return ReadAll(**source);
}

}  // namespace bi::blob
