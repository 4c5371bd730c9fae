#pragma once
// Slows password guessing: failed logins are counted per email and per client address over a
// sliding window. Past the limit, further attempts are refused (429 with Retry-After) until the
// oldest counted failure leaves the window, so the right user is never locked out for long.
// A successful login clears the email's count. State is in memory, per API process.
// Thread-safe.

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include "common/clock.h"

namespace bi::auth {

struct RateLimitRules {
  int max_failures_per_email = 5;
  int max_failures_per_address = 20;
  std::chrono::seconds window{15 * 60};
};

class LoginRateLimiter {
 public:
  LoginRateLimiter(const Clock& clock, RateLimitRules rules = {}) : clock_(clock), rules_(rules) {}

  // 0 if an attempt may proceed, otherwise the seconds to wait.
  int64_t RetryAfterSeconds(const std::string& email, const std::string& address);
  void RecordFailure(const std::string& email, const std::string& address);
  void RecordSuccess(const std::string& email);

 private:
  using Failures = std::deque<int64_t>;  // failure times, oldest first (ms)
  void Prune(Failures& f, int64_t now);
  int64_t WaitFor(Failures& f, int limit, int64_t now);
  void Sweep(int64_t now);  // drops entries whose failures all left the window

  static constexpr size_t kSweepThreshold = 10000;

  const Clock& clock_;
  RateLimitRules rules_;
  std::mutex mu_;
  std::unordered_map<std::string, Failures> by_email_;
  std::unordered_map<std::string, Failures> by_address_;
};

}  // namespace bi::auth
