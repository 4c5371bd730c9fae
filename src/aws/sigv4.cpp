// AWS Signature Version 4 for header-signed requests: canonical request, string to sign, the
// derived signing key and the Authorization header. Hashing and HMAC come from OpenSSL.

#include "aws/sigv4.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>
#include <ctime>

namespace bi::aws {
namespace {

constexpr char kHexUpper[] = "0123456789ABCDEF";
constexpr char kHexLower[] = "0123456789abcdef";
constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";

std::string HexLower(const unsigned char* data, size_t size) {
  std::string out;
  out.reserve(size * 2);
  for (size_t i = 0; i < size; ++i) {
    out.push_back(kHexLower[data[i] >> 4]);
    out.push_back(kHexLower[data[i] & 0x0f]);
  }
  return out;
}

// Raw 32-byte HMAC-SHA256 of `data` under `key`.
std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int out_size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &out_size);
  return std::string(reinterpret_cast<const char*>(out), out_size);
}

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Header value as SigV4 wants it: outer spaces removed, inner runs of spaces made one.
std::string TrimAll(std::string_view value) {
  std::string out;
  bool pending_space = false;
  for (char c : value) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

// "20150830T123600Z" and "20150830".
std::pair<std::string, std::string> AmzDateAndDay(std::chrono::system_clock::time_point now) {
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
  std::string amz_date(stamp);
  return {amz_date, amz_date.substr(0, 8)};
}

}  // namespace

std::string UriEncode(std::string_view raw, bool keep_slash) {
  std::string out;
  out.reserve(raw.size() * 3);
  for (char ch : raw) {
    const auto c = static_cast<unsigned char>(ch);
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~';
    if (unreserved || (keep_slash && c == '/')) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHexUpper[c >> 4]);
      out.push_back(kHexUpper[c & 0x0f]);
    }
  }
  return out;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return HexLower(digest, sizeof digest);
}

Headers SignV4(const RequestToSign& request, const Credentials& credentials,
               const SigningScope& scope, std::chrono::system_clock::time_point now) {
  return SignV4WithParts(request, credentials, scope, now).headers;
}

SignatureParts SignV4WithParts(const RequestToSign& request, const Credentials& credentials,
                               const SigningScope& scope,
                               std::chrono::system_clock::time_point now) {
  const auto [amz_date, day] = AmzDateAndDay(now);
  const bool is_s3 = scope.service == "s3";

  // The headers this function adds (Authorization comes last, once the signature is known).
  Headers added;
  added.emplace_back("x-amz-date", amz_date);
  bool caller_sent_content_sha = false;
  for (const auto& [name, value] : request.headers)
    if (ToLower(name) == "x-amz-content-sha256") caller_sent_content_sha = true;
  if (is_s3 && !caller_sent_content_sha)
    added.emplace_back("x-amz-content-sha256", request.payload_sha256);
  if (!credentials.session_token.empty())
    added.emplace_back("x-amz-security-token", credentials.session_token);

  // Every header is signed: host, the caller's and ours. Ours win over a caller's copy of
  // host, x-amz-date, x-amz-security-token or Authorization, which are left out.
  std::vector<std::pair<std::string, std::string>> signed_headers;
  signed_headers.emplace_back("host", TrimAll(request.host));
  for (const auto& [name, value] : request.headers) {
    std::string lower = ToLower(name);
    if (lower == "host" || lower == "x-amz-date" || lower == "x-amz-security-token" ||
        lower == "authorization")
      continue;
    signed_headers.emplace_back(std::move(lower), TrimAll(value));
  }
  for (const auto& [name, value] : added) signed_headers.emplace_back(name, TrimAll(value));
  // Stable: repeated names keep their order, joined by commas below.
  std::stable_sort(signed_headers.begin(), signed_headers.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });

  std::string canonical_headers;
  std::string signed_names;
  for (size_t i = 0; i < signed_headers.size(); ++i) {
    const auto& [name, value] = signed_headers[i];
    if (i > 0 && signed_headers[i - 1].first == name) {
      canonical_headers.back() = ',';  // replaces the previous value's line break
      canonical_headers += value + "\n";
      continue;
    }
    canonical_headers += name + ":" + value + "\n";
    if (!signed_names.empty()) signed_names += ';';
    signed_names += name;
  }

  // S3 signs the path as sent (encoded once); the other services encode the sent path again.
  const std::string path = request.path.empty() ? "/" : request.path;
  std::string canonical_uri = UriEncode(path, /*keep_slash=*/true);
  if (!is_s3) canonical_uri = UriEncode(canonical_uri, /*keep_slash=*/true);

  std::vector<std::pair<std::string, std::string>> query;
  query.reserve(request.query.size());
  for (const auto& [name, value] : request.query)
    query.emplace_back(UriEncode(name, false), UriEncode(value, false));
  std::sort(query.begin(), query.end());
  std::string canonical_query;
  for (const auto& [name, value] : query) {
    if (!canonical_query.empty()) canonical_query += '&';
    canonical_query += name + "=" + value;
  }

  std::string payload_hash = request.payload_sha256;
  for (const auto& [name, value] : request.headers)
    if (ToLower(name) == "x-amz-content-sha256") payload_hash = TrimAll(value);

  const std::string canonical_request = request.method + "\n" + canonical_uri + "\n" +
                                        canonical_query + "\n" + canonical_headers + "\n" +
                                        signed_names + "\n" + payload_hash;
  const std::string credential_scope =
      day + "/" + scope.region + "/" + scope.service + "/aws4_request";
  const std::string string_to_sign = std::string(kAlgorithm) + "\n" + amz_date + "\n" +
                                     credential_scope + "\n" + Sha256Hex(canonical_request);

  const std::string date_key = HmacSha256("AWS4" + credentials.secret_access_key, day);
  const std::string region_key = HmacSha256(date_key, scope.region);
  const std::string service_key = HmacSha256(region_key, scope.service);
  const std::string signing_key = HmacSha256(service_key, "aws4_request");
  const std::string raw_signature = HmacSha256(signing_key, string_to_sign);
  const std::string signature =
      HexLower(reinterpret_cast<const unsigned char*>(raw_signature.data()), raw_signature.size());

  added.emplace_back("Authorization", std::string(kAlgorithm) +
                                          " Credential=" + credentials.access_key_id + "/" +
                                          credential_scope + ", SignedHeaders=" + signed_names +
                                          ", Signature=" + signature);
  SignatureParts parts;
  parts.canonical_request = canonical_request;
  parts.string_to_sign = string_to_sign;
  parts.signed_headers = signed_names;
  parts.signature = signature;
  parts.headers = std::move(added);
  return parts;
}

}  // namespace bi::aws
