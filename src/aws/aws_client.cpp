// The signed HTTP client behind the DynamoDB and S3 backends: one libcurl easy handle per
// request in flight, taken from a small pool of idle ones so their open connections are
// reused; every attempt is signed afresh (time and credentials move), and what is worth
// retrying is retried with exponential backoff and full jitter.

#include "aws/aws_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <random>
#include <thread>

#include "common/log.h"
#include "common/strings.h"

namespace bi::aws {
namespace {

// Idle handles kept beyond this are closed: enough for the backends' parallel reads.
constexpr size_t kMaxIdleHandles = 16;

struct ParsedUrl {
  bool valid = false;
  std::string scheme_and_authority;  // "http://127.0.0.1:4567"
  std::string host_header;           // "127.0.0.1:4567"; the default port left out
  std::string base_path;             // "" or "/prefix" (a peer behind a path)
};

ParsedUrl ParseEndpointUrl(std::string url) {
  ParsedUrl out;
  while (!url.empty() && url.back() == '/') url.pop_back();
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return out;
  std::string scheme = url.substr(0, scheme_end);
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (scheme != "http" && scheme != "https") return out;
  const size_t authority_start = scheme_end + 3;
  const size_t path_start = url.find('/', authority_start);
  std::string authority =
      url.substr(authority_start, path_start == std::string::npos ? std::string::npos
                                                                  : path_start - authority_start);
  if (authority.empty() || authority.find_first_of("?#@ ") != std::string::npos) return out;
  out.scheme_and_authority = scheme + "://" + authority;
  out.base_path = path_start == std::string::npos ? "" : url.substr(path_start);
  const std::string default_port = scheme == "https" ? ":443" : ":80";
  if (authority.size() > default_port.size() && authority.ends_with(default_port) &&
      authority.back() != ']')
    authority.resize(authority.size() - default_port.size());
  out.host_header = authority;
  out.valid = true;
  return out;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  static_cast<AwsResponse*>(user)->body.append(data, size * count);
  return size * count;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* response = static_cast<AwsResponse*>(user);
  std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    response->headers.clear();  // a new response (after a 100 Continue): only its headers count
    return size * count;
  }
  const size_t colon = line.find(':');
  if (colon != std::string_view::npos && colon > 0)
    response->headers.emplace_back(Lower(Trim(line.substr(0, colon))),
                                   Trim(line.substr(colon + 1)));
  return size * count;
}

// Full jitter: a uniformly random wait between zero and the capped exponential step.
std::chrono::milliseconds BackoffDelay(const RetryPolicy& retry, int failed_attempts) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  const int64_t base = std::max<int64_t>(retry.base_delay.count(), 1);
  const int shift = std::min(failed_attempts - 1, 30);
  const int64_t cap = std::min<int64_t>(retry.max_delay.count(), base << shift);
  std::uniform_int_distribution<int64_t> pick(0, std::max<int64_t>(cap, 0));
  return std::chrono::milliseconds(pick(rng));
}

}  // namespace

std::string_view AwsResponse::Header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (key == name) return value;
  return {};
}

struct AwsClient::Impl {
  ParsedUrl url;
  std::shared_ptr<CredentialsProvider> credentials;
  RetryPolicy retry;
  std::mutex mu;
  std::vector<CURL*> idle;

  CURL* Acquire() {
    {
      std::lock_guard lock(mu);
      if (!idle.empty()) {
        CURL* handle = idle.back();
        idle.pop_back();
        return handle;
      }
    }
    return curl_easy_init();
  }

  void Release(CURL* handle) {
    {
      std::lock_guard lock(mu);
      if (idle.size() < kMaxIdleHandles) {
        idle.push_back(handle);
        return;
      }
    }
    curl_easy_cleanup(handle);
  }
};

AwsClient::AwsClient(AwsEndpoint endpoint, std::shared_ptr<CredentialsProvider> credentials,
                     RetryPolicy retry)
    : endpoint_(std::move(endpoint)), impl_(std::make_unique<Impl>()) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  impl_->url = ParseEndpointUrl(endpoint_.url);
  impl_->credentials = std::move(credentials);
  impl_->retry = std::move(retry);
  if (impl_->retry.max_attempts < 1) impl_->retry.max_attempts = 1;
}

AwsClient::~AwsClient() {
  for (CURL* handle : impl_->idle) curl_easy_cleanup(handle);
}

Result<AwsResponse> AwsClient::Send(const AwsRequest& request) {
  const ParsedUrl& url = impl_->url;
  const std::string who = endpoint_.scope.service + " endpoint " + endpoint_.url;
  if (!url.valid)
    return Status::InvalidArgument("the " + who + " is not an http:// or https:// address");
  if (request.path.empty() || request.path.front() != '/')
    return Status::InvalidArgument("an AWS request path must start with '/'");
  if (request.method.empty() || !std::all_of(request.method.begin(), request.method.end(),
                                             [](char c) { return c >= 'A' && c <= 'Z'; }))
    return Status::InvalidArgument("an AWS request method must be an uppercase word");
  for (const auto& [name, value] : request.headers)
    if (name.empty() || name.find_first_of(":\r\n") != std::string::npos ||
        value.find_first_of("\r\n") != std::string::npos)
      return Status::InvalidArgument("an AWS request header name or value is malformed: " +
                                     std::string(name.find_first_of("\r\n") == std::string::npos
                                                     ? name
                                                     : "(with a line break)"));
  if (impl_->credentials == nullptr) return Status::Internal("AwsClient has no credentials");

  // What is signed is exactly what goes on the wire.
  RequestToSign to_sign;
  to_sign.method = request.method;
  to_sign.host = url.host_header;
  to_sign.path = url.base_path + request.path;
  to_sign.query = request.query;
  // The caller's headers that the signer supplies itself are not sent twice.
  Headers sent_headers;
  bool has_content_type = false;
  std::string caller_payload_sha256;
  for (const auto& [name, value] : request.headers) {
    const std::string lower = Lower(name);
    if (lower == "host" || lower == "authorization" || lower == "x-amz-date" ||
        lower == "x-amz-security-token")
      continue;
    if (lower == "content-type") has_content_type = true;
    if (lower == "x-amz-content-sha256") caller_payload_sha256 = value;
    sent_headers.emplace_back(name, value);
  }
  to_sign.headers = sent_headers;
  // An S3 caller may declare the payload itself (UNSIGNED-PAYLOAD): no need to hash it then.
  to_sign.payload_sha256 =
      caller_payload_sha256.empty() ? Sha256Hex(request.body) : caller_payload_sha256;

  std::string target = url.scheme_and_authority + UriEncode(to_sign.path, /*keep_slash=*/true);
  for (size_t i = 0; i < request.query.size(); ++i) {
    target += i == 0 ? '?' : '&';
    target +=
        UriEncode(request.query[i].first, false) + "=" + UriEncode(request.query[i].second, false);
  }

  const RetryPolicy& retry = impl_->retry;
  std::string last_failure;
  int last_status = 0;
  for (int attempt = 1; attempt <= retry.max_attempts; ++attempt) {
    if (attempt > 1) std::this_thread::sleep_for(BackoffDelay(retry, attempt - 1));

    Result<Credentials> credentials = impl_->credentials->Get();
    if (!credentials.ok()) return credentials.status();
    const Headers signature =
        SignV4(to_sign, credentials.value(), endpoint_.scope, std::chrono::system_clock::now());

    // curl copies header lines, so these strings only need to live until the slist is built.
    curl_slist* header_list = nullptr;
    auto add_header = [&](std::string_view name, std::string_view value) {
      // "Name:" would tell libcurl to drop the header; "Name;" sends it empty, as signed.
      const std::string line =
          value.empty() ? std::string(name) + ";" : std::string(name) + ": " + std::string(value);
      header_list = curl_slist_append(header_list, line.c_str());
    };
    add_header("Host", url.host_header);
    for (const auto& [name, value] : sent_headers) add_header(name, value);
    for (const auto& [name, value] : signature) add_header(name, value);
    header_list = curl_slist_append(header_list, "Expect:");  // no 100-continue round trip
    // libcurl would add an unsigned form content type to a body; S3 would store it.
    if (!has_content_type) header_list = curl_slist_append(header_list, "Content-Type:");

    CURL* curl = impl_->Acquire();
    if (curl == nullptr) {
      curl_slist_free_all(header_list);
      return Status::Internal("curl_easy_init failed");
    }
    curl_easy_reset(curl);  // keeps the open connection, clears the previous request's options
    AwsResponse response;
    curl_easy_setopt(curl, CURLOPT_URL, target.c_str());
    curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);  // object keys like "a/../b" stay as they are
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, header_list);
    if (request.method == "HEAD") {
      curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
    } else if (request.method == "GET" && request.body.empty()) {
      curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    } else {
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(request.body.size()));
      curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(endpoint_.connect_timeout.count()));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS,
                     static_cast<long>(endpoint_.request_timeout.count()));
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);

    const CURLcode rc = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(header_list);

    if (rc != CURLE_OK) {
      curl_easy_cleanup(curl);  // a broken connection is not kept
      last_failure = rc == CURLE_OPERATION_TIMEDOUT
                         ? std::string("did not answer in time")
                         : std::string("cannot be reached (") + curl_easy_strerror(rc) + ")";
      last_status = 0;
    } else {
      impl_->Release(curl);
      response.status = static_cast<int>(status);
      const bool retryable = response.status >= 500 || response.status == 429 ||
                             (retry.is_throttle && retry.is_throttle(response));
      if (!retryable) return response;
      last_failure = "answered HTTP " + std::to_string(response.status);
      last_status = response.status;
    }
    log::Debug("aws_retry")
        .Str("endpoint", endpoint_.url)
        .Str("method", request.method)
        .Int("attempt", attempt)
        .Int("status", last_status)
        .Str("failure", last_failure);
  }

  nlohmann::json details = {{"reason", "aws_unavailable"},
                            {"endpoint", endpoint_.url},
                            {"attempts", retry.max_attempts},
                            {"retryAfterSeconds", 1}};
  if (last_status != 0) details["status"] = last_status;
  return Status::Unavailable(
      "the " + who + " " + last_failure + " (" + std::to_string(retry.max_attempts) + " attempts)",
      std::move(details));
}

}  // namespace bi::aws
