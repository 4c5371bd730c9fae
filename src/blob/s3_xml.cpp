#include "blob/s3_xml.h"

#include <charconv>
#include <cstring>
#include <ctime>

#include <tinyxml2.h>

namespace bi::blob::s3 {
namespace {

using tinyxml2::XMLDocument;
using tinyxml2::XMLElement;

// Parses `body` and returns its root element if it is named `root`.
const XMLElement* ParseRoot(XMLDocument& doc, std::string_view body, const char* root) {
  if (doc.Parse(body.data(), body.size()) != tinyxml2::XML_SUCCESS) return nullptr;
  const XMLElement* e = doc.RootElement();
  if (e == nullptr || std::strcmp(e->Name(), root) != 0) return nullptr;
  return e;
}

std::string ChildText(const XMLElement* parent, const char* name) {
  const XMLElement* e = parent->FirstChildElement(name);
  if (e == nullptr || e->GetText() == nullptr) return {};
  return e->GetText();
}

std::string Excerpt(std::string_view body) {
  constexpr size_t kMax = 200;
  return std::string(body.substr(0, kMax)) + (body.size() > kMax ? "..." : "");
}

Status Unexpected(const char* what, std::string_view body) {
  return Status::IoError(std::string("S3 answered with something other than ") + what + ": " +
                         Excerpt(body));
}

void AppendEscaped(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
}

bool ParseUnsigned(std::string_view s, uint64_t& out) {
  if (s.empty()) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

// Epoch milliseconds of a broken-down UTC time (tm_isdst ignored).
int64_t UtcMs(std::tm& tm, int millis) {
  return static_cast<int64_t>(timegm(&tm)) * 1000 + millis;
}

}  // namespace

std::optional<S3ErrorBody> ParseErrorBody(std::string_view body) {
  XMLDocument doc;
  const XMLElement* root = ParseRoot(doc, body, "Error");
  if (root == nullptr) return std::nullopt;
  return S3ErrorBody{ChildText(root, "Code"), ChildText(root, "Message")};
}

Result<ListObjectsPage> ParseListObjectsV2(std::string_view body) {
  XMLDocument doc;
  const XMLElement* root = ParseRoot(doc, body, "ListBucketResult");
  if (root == nullptr) return Unexpected("a ListBucketResult", body);
  ListObjectsPage page;
  page.truncated = ChildText(root, "IsTruncated") == "true";
  page.next_continuation_token = ChildText(root, "NextContinuationToken");
  for (const XMLElement* c = root->FirstChildElement("Contents"); c != nullptr;
       c = c->NextSiblingElement("Contents")) {
    ListedObject o;
    o.key = ChildText(c, "Key");
    if (o.key.empty() || !ParseUnsigned(ChildText(c, "Size"), o.size)) {
      return Unexpected("a ListBucketResult with Key and Size per object", body);
    }
    o.modified_ms = ParseIso8601Ms(ChildText(c, "LastModified")).value_or(0);
    page.objects.push_back(std::move(o));
  }
  if (page.truncated && page.next_continuation_token.empty()) {
    return Unexpected("a truncated ListBucketResult with a NextContinuationToken", body);
  }
  return page;
}

Result<std::string> ParseCreateMultipartUpload(std::string_view body) {
  XMLDocument doc;
  const XMLElement* root = ParseRoot(doc, body, "InitiateMultipartUploadResult");
  std::string id = root ? ChildText(root, "UploadId") : "";
  if (id.empty()) return Unexpected("an InitiateMultipartUploadResult with an UploadId", body);
  return id;
}

Status CheckCompleteMultipartUpload(std::string_view body) {
  XMLDocument doc;
  if (ParseRoot(doc, body, "CompleteMultipartUploadResult") != nullptr) return Status::Ok();
  if (auto err = ParseErrorBody(body)) {
    return Status::IoError("S3 could not assemble the multipart upload: " + err->code + ": " +
                           err->message);
  }
  return Unexpected("a CompleteMultipartUploadResult", body);
}

std::string CompleteMultipartUploadXml(const std::vector<std::string>& part_etags) {
  std::string xml = "<CompleteMultipartUpload>";
  for (size_t i = 0; i < part_etags.size(); ++i) {
    xml += "<Part><PartNumber>" + std::to_string(i + 1) + "</PartNumber><ETag>";
    AppendEscaped(xml, part_etags[i]);
    xml += "</ETag></Part>";
  }
  xml += "</CompleteMultipartUpload>";
  return xml;
}

std::string DeleteObjectsXml(const std::vector<std::string>& keys) {
  std::string xml = "<Delete><Quiet>true</Quiet>";
  for (const auto& key : keys) {
    xml += "<Object><Key>";
    AppendEscaped(xml, key);
    xml += "</Key></Object>";
  }
  xml += "</Delete>";
  return xml;
}

Result<std::vector<DeleteError>> ParseDeleteResult(std::string_view body) {
  XMLDocument doc;
  const XMLElement* root = ParseRoot(doc, body, "DeleteResult");
  if (root == nullptr) return Unexpected("a DeleteResult", body);
  std::vector<DeleteError> errors;
  for (const XMLElement* e = root->FirstChildElement("Error"); e != nullptr;
       e = e->NextSiblingElement("Error")) {
    errors.push_back({ChildText(e, "Key"), ChildText(e, "Code"), ChildText(e, "Message")});
  }
  return errors;
}

std::optional<int64_t> ParseIso8601Ms(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS[.fff]Z
  std::string s(text);
  std::tm tm{};
  const char* rest = strptime(s.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (rest == nullptr) return std::nullopt;
  int millis = 0;
  if (*rest == '.') {
    ++rest;
    int digits = 0;
    while (*rest >= '0' && *rest <= '9') {
      if (digits < 3) millis = millis * 10 + (*rest - '0');
      ++digits;
      ++rest;
    }
    for (; digits < 3; ++digits) millis *= 10;
  }
  if (std::strcmp(rest, "Z") != 0) return std::nullopt;
  return UtcMs(tm, millis);
}

std::optional<int64_t> ParseHttpDateMs(std::string_view text) {
  std::string s(text);
  std::tm tm{};
  const char* rest = strptime(s.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (rest == nullptr || *rest != '\0') return std::nullopt;
  return UtcMs(tm, 0);
}

}  // namespace bi::blob::s3
