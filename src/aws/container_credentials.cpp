// The ECS task role's credentials from the container credentials endpoint, cached until five
// minutes before they expire. The endpoint's answer holds the secret, so neither the answer
// nor the credentials path (a per-task capability) ever goes into a message or a log line.

#include "aws/container_credentials.h"

#include <curl/curl.h>

#include <cstdio>
#include <ctime>

#include <nlohmann/json.hpp>

namespace bi::aws {
namespace {

constexpr long kConnectTimeoutMs = 1000;
constexpr long kRequestTimeoutMs = 5000;
constexpr size_t kMaxAnswerBytes = 64 * 1024;

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* body = static_cast<std::string*>(user);
  if (body->size() + size * count > kMaxAnswerBytes) return 0;  // not a credentials document
  body->append(data, size * count);
  return size * count;
}

// "http://169.254.170.2" out of "http://169.254.170.2/v2/credentials/...": what messages name.
std::string SchemeAndHost(const std::string& url) {
  const size_t scheme_end = url.find("://");
  const size_t path_start = url.find('/', scheme_end == std::string::npos ? 0 : scheme_end + 3);
  return path_start == std::string::npos ? url : url.substr(0, path_start);
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> ParseIso8601(std::string_view text) {
  std::tm tm{};
  int consumed = 0;
  const std::string s(text);
  if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &consumed) != 6 ||
      consumed != 19)
    return std::nullopt;
  if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
      tm.tm_min > 59 || tm.tm_sec > 60)
    return std::nullopt;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {  // a fraction of a second: ignored
    ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
  }
  long offset_seconds = 0;
  if (pos < s.size() && s[pos] == 'Z') {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int hours = 0, minutes = 0, n = 0;
    if (std::sscanf(s.c_str() + pos + 1, "%2d:%2d%n", &hours, &minutes, &n) != 2 || n != 5)
      return std::nullopt;
    offset_seconds = (s[pos] == '+' ? 1 : -1) * (hours * 3600L + minutes * 60L);
    pos += 6;
  } else {
    return std::nullopt;  // a time without a zone is ambiguous
  }
  if (pos != s.size()) return std::nullopt;
  const std::time_t utc = timegm(&tm) - offset_seconds;
  return std::chrono::system_clock::from_time_t(utc);
}

ContainerCredentialsProvider::ContainerCredentialsProvider(std::string url) : url_(std::move(url)) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

Result<Credentials> ContainerCredentialsProvider::Get() {
  std::lock_guard lock(mu_);
  const auto now = std::chrono::system_clock::now();
  if (cached_ && (!cached_->expiration || *cached_->expiration - now > kRefreshBefore))
    return *cached_;
  Result<Credentials> fetched = Fetch();
  if (fetched.ok()) {
    cached_ = fetched.value();
    return fetched;
  }
  // Inside the refresh window the old credentials still work until they expire.
  if (cached_ && cached_->expiration && *cached_->expiration > now) return *cached_;
  return fetched;
}

Result<Credentials> ContainerCredentialsProvider::Fetch() {
  const std::string where = "the ECS container credentials endpoint (" + SchemeAndHost(url_) + ")";
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return Status::Internal("curl_easy_init failed");
  std::string body;
  curl_easy_setopt(curl, CURLOPT_URL, url_.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, kConnectTimeoutMs);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, kRequestTimeoutMs);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  const CURLcode rc = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup(curl);

  if (rc != CURLE_OK)
    return Status::Unavailable(where + " cannot be reached: " + curl_easy_strerror(rc),
                               {{"reason", "aws_credentials_unavailable"}});
  if (status != 200)
    return Status::Unavailable(where + " answered HTTP " + std::to_string(status),
                               {{"reason", "aws_credentials_unavailable"}});

  const auto doc = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  auto text = [&](const char* key) -> std::string {
    if (!doc.is_object()) return {};
    auto it = doc.find(key);
    return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  Credentials credentials;
  credentials.access_key_id = text("AccessKeyId");
  credentials.secret_access_key = text("SecretAccessKey");
  credentials.session_token = text("Token");
  if (credentials.access_key_id.empty() || credentials.secret_access_key.empty())
    return Status::Unavailable(where + " answered without AccessKeyId and SecretAccessKey",
                               {{"reason", "aws_credentials_unavailable"}});
  const std::string expiration = text("Expiration");
  if (!expiration.empty()) {
    credentials.expiration = ParseIso8601(expiration);
    if (!credentials.expiration)
      return Status::Unavailable(where + " answered an Expiration that is not an ISO-8601 time",
                                 {{"reason", "aws_credentials_unavailable"}});
  }
  return credentials;
}

}  // namespace bi::aws
