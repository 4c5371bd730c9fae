#include "blob/s3_address.h"

namespace bi::blob::s3 {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// S3's bucket naming rules: 3..63 of a-z 0-9 . -, starting and ending with a letter or digit.
bool ValidBucketName(std::string_view b) {
  if (b.size() < 3 || b.size() > 63) return false;
  for (char c : b) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) return false;
  }
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  return alnum(b.front()) && alnum(b.back()) && b.find("..") == std::string_view::npos;
}

}  // namespace

std::string S3Address::BucketPath() const {
  return path_style ? "/" + bucket : "/";
}

std::string S3Address::ObjectPath(std::string_view key) const {
  return (path_style ? "/" + bucket + "/" : std::string("/")) + std::string(key);
}

Result<S3Address> MakeS3Address(std::string_view endpoint, std::string_view bucket) {
  if (!ValidBucketName(bucket)) {
    return Status::InvalidArgument("S3 bucket name '" + std::string(bucket) +
                                   "' is not valid (3..63 of a-z, 0-9, '.', '-')");
  }
  std::string url(endpoint);
  while (!url.empty() && url.back() == '/') url.pop_back();
  size_t scheme_end = url.find("://");
  std::string scheme = scheme_end == std::string::npos ? "" : url.substr(0, scheme_end);
  std::string host = scheme_end == std::string::npos ? "" : url.substr(scheme_end + 3);
  if ((scheme != "http" && scheme != "https") || host.empty() ||
      host.find_first_of("/?#@ ") != std::string::npos) {
    return Status::InvalidArgument("S3_ENDPOINT must look like http(s)://host[:port], got '" +
                                   std::string(endpoint) + "'");
  }
  S3Address address{scheme + "://" + host, std::string(bucket), true};
  std::string host_only = host.substr(0, host.find(':'));
  bool aws = EndsWith(host_only, ".amazonaws.com") && host_only.rfind("s3", 0) == 0;
  if (aws && bucket.find('.') == std::string_view::npos) {
    address.path_style = false;
    address.endpoint_url = scheme + "://" + std::string(bucket) + "." + host;
  }
  return address;
}

}  // namespace bi::blob::s3
