#include "cards/executor_client.h"

#include <curl/curl.h>

#include <cstdlib>
#include <cstring>

namespace bi::cards {
namespace {

struct Received {
  std::string body;
  int retry_after = 0;
};

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* r = static_cast<Received*>(user);
  // A result document is at most 64 MiB (the executor's own limit) plus the envelope.
  if (r->body.size() + size * count > (80u << 20)) return 0;
  r->body.append(data, size * count);
  return size * count;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* r = static_cast<Received*>(user);
  std::string_view line(data, size * count);
  constexpr std::string_view kName = "retry-after:";
  if (line.size() > kName.size() && strncasecmp(line.data(), kName.data(), kName.size()) == 0)
    r->retry_after = std::atoi(std::string(line.substr(kName.size())).c_str());
  return size * count;
}

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

ExecutorClient::ExecutorClient(std::string endpoint, std::string secret)
    : endpoint_(std::move(endpoint)), secret_(std::move(secret)) {
  while (!endpoint_.empty() && endpoint_.back() == '/') endpoint_.pop_back();
  GlobalInit();
}

ExecutorClient::~ExecutorClient() {
  for (void* h : idle_) curl_easy_cleanup(static_cast<CURL*>(h));
}

void* ExecutorClient::Acquire() {
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      void* h = idle_.back();
      idle_.pop_back();
      return h;
    }
  }
  return curl_easy_init();
}

void ExecutorClient::Release(void* handle) {
  std::lock_guard lock(mu_);
  if (idle_.size() < 64) {
    idle_.push_back(handle);
  } else {
    curl_easy_cleanup(static_cast<CURL*>(handle));
  }
}

Result<ExecutorReply> ExecutorClient::Execute(const nlohmann::json& request,
                                              std::chrono::milliseconds deadline) {
  if (endpoint_.empty())
    return Status::Unavailable("no executor is configured (EXECUTOR_ENDPOINT)");
  CURL* curl = static_cast<CURL*>(Acquire());
  if (curl == nullptr) return Status::Internal("curl_easy_init failed");
  curl_easy_reset(curl);  // keeps the connection cache, clears the previous request's options

  const std::string url = endpoint_ + "/execute";
  const std::string payload = request.dump();
  Received received;
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
  std::string secret_header;
  if (!secret_.empty()) {
    secret_header = "X-Executor-Secret: " + secret_;
    headers = curl_slist_append(headers, secret_header.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, payload.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(payload.size()));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &received);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &received);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(deadline.count()));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(std::min<int64_t>(deadline.count(), 3000)));
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");

  const CURLcode rc = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  if (rc != CURLE_OK) {
    // A broken connection is not kept: the next run starts a fresh one.
    curl_easy_cleanup(curl);
    const bool timed_out = rc == CURLE_OPERATION_TIMEDOUT;
    return Status::Unavailable(
        timed_out ? "the executor did not answer in time" : "the executor cannot be reached",
        {{"reason", timed_out ? "executor_timeout" : "executor_unreachable"},
         {"retryAfterSeconds", 1}});
  }
  Release(curl);

  ExecutorReply reply;
  reply.status = static_cast<int>(status);
  reply.retry_after_seconds = received.retry_after;
  reply.body = nlohmann::json::parse(received.body, nullptr, /*allow_exceptions=*/false);
  if (reply.body.is_discarded() || !reply.body.is_object()) {
    return Status::Unavailable(
        "the executor answered something that is not a JSON document",
        {{"reason", "executor_bad_reply"}, {"status", reply.status}, {"retryAfterSeconds", 1}});
  }
  return reply;
}

}  // namespace bi::cards
