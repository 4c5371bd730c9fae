#include "http/static_files.h"

#include <sys/stat.h>

#include <cctype>
#include <filesystem>
#include <utility>
#include <vector>

namespace bi::http {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kAssets = "/assets/";
// Vite names what it puts under assets/ by content hash: a changed file is a new URL.
constexpr char kForever[] = "public, max-age=31536000, immutable";
constexpr char kRevalidate[] = "no-cache";

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// The decoded URL path as file-system segments, or false if it tries to leave the root or name
// a hidden file: "..", ".", ".env", empty segments ("//etc/passwd"), NUL and backslashes.
bool SafeSegments(std::string_view path, std::vector<std::string_view>* out) {
  if (path.empty() || path.front() != '/') return false;
  path.remove_prefix(1);
  while (true) {
    size_t slash = path.find('/');
    std::string_view seg = path.substr(0, slash);
    const bool last = slash == std::string_view::npos;
    if (seg.empty()) {
      if (!last) return false;  // "a//b"; a trailing "/" is fine
    } else {
      if (seg.front() == '.') return false;
      if (seg.find('\0') != std::string_view::npos || seg.find('\\') != std::string_view::npos)
        return false;
      out->push_back(seg);
    }
    if (last) return true;
    path.remove_prefix(slash + 1);
  }
}

bool IsRegularFile(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

Status NoSuchFile() {
  return Status::NotFound("no such file");
}

}  // namespace

std::string ContentTypeFor(std::string_view name) {
  static const std::pair<std::string_view, std::string_view> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".txt", "text/plain; charset=utf-8"},
      {".xml", "application/xml"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".webp", "image/webp"},
      {".avif", "image/avif"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".ttf", "font/ttf"},
      {".otf", "font/otf"},
      {".wasm", "application/wasm"},
      {".pdf", "application/pdf"},
  };
  size_t dot = name.rfind('.');
  size_t slash = name.rfind('/');
  if (dot != std::string_view::npos && (slash == std::string_view::npos || dot > slash)) {
    std::string ext(name.substr(dot));
    for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const auto& [e, type] : kTypes) {
      if (ext == e) return std::string(type);
    }
  }
  return "application/octet-stream";
}

StaticFiles::StaticFiles(std::string root, std::string api_prefix)
    : api_prefix_(std::move(api_prefix)) {
  std::error_code ec;
  fs::path canonical = fs::canonical(root, ec);
  root_ = ec ? std::move(root) : canonical.string();
}

Result<Response> StaticFiles::Serve(const Request& req) const {
  const std::string_view path = req.path;
  if (path == api_prefix_ || StartsWith(path, api_prefix_ + "/"))
    return Status::NotFound("no such endpoint");
  std::vector<std::string_view> segments;
  if (!SafeSegments(path, &segments)) return NoSuchFile();

  std::string file = root_;
  for (auto seg : segments) {
    file += '/';
    file += seg;
  }
  if (!segments.empty() && IsRegularFile(file)) {
    // A symbolic link inside the root may still lead out of it.
    std::error_code ec;
    const std::string real = fs::canonical(file, ec).string();
    if (ec || !StartsWith(real, root_ + "/")) return NoSuchFile();
    return FileAnswer(real, path);
  }
  if (StartsWith(path, kAssets)) return NoSuchFile();
  // The app's own routes (/datasets/abc, /login ...): the page that routes them.
  const std::string index = root_ + "/index.html";
  if (!IsRegularFile(index)) return Status::NotFound("the web app is not built (no index.html)");
  return FileAnswer(index, "/index.html");
}

Result<Response> StaticFiles::FileAnswer(const std::string& path, std::string_view url_path) const {
  Response res = Response::File(path, ContentTypeFor(path), false);
  res.Header("Cache-Control", StartsWith(url_path, kAssets) ? kForever : kRevalidate);
  res.Header("X-Content-Type-Options", "nosniff");
  return res;
}

}  // namespace bi::http
