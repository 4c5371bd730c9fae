#include "auth/login_rate_limiter.h"

namespace bi::auth {

void LoginRateLimiter::Prune(Failures& f, int64_t now) {
  const int64_t window = std::chrono::milliseconds(rules_.window).count();
  while (!f.empty() && f.front() <= now - window) f.pop_front();
}

int64_t LoginRateLimiter::WaitFor(Failures& f, int limit, int64_t now) {
  Prune(f, now);
  if (static_cast<int>(f.size()) < limit) return 0;
  const int64_t window = std::chrono::milliseconds(rules_.window).count();
  // The attempt is allowed again once enough old failures have left the window.
  int64_t free_at = f[f.size() - static_cast<size_t>(limit)] + window;
  return (free_at - now + 999) / 1000;
}

int64_t LoginRateLimiter::RetryAfterSeconds(const std::string& email, const std::string& address) {
  std::lock_guard lock(mu_);
  const int64_t now = clock_.NowMillis();
  int64_t wait = 0;
  if (auto it = by_email_.find(email); it != by_email_.end()) {
    wait = std::max(wait, WaitFor(it->second, rules_.max_failures_per_email, now));
    if (it->second.empty()) by_email_.erase(it);
  }
  if (auto it = by_address_.find(address); it != by_address_.end()) {
    wait = std::max(wait, WaitFor(it->second, rules_.max_failures_per_address, now));
    if (it->second.empty()) by_address_.erase(it);
  }
  return wait;
}

void LoginRateLimiter::RecordFailure(const std::string& email, const std::string& address) {
  std::lock_guard lock(mu_);
  const int64_t now = clock_.NowMillis();
  // Guessing with many different emails must not grow memory without bound.
  if (by_email_.size() + by_address_.size() > kSweepThreshold) Sweep(now);
  auto& e = by_email_[email];
  Prune(e, now);
  e.push_back(now);
  auto& a = by_address_[address];
  Prune(a, now);
  a.push_back(now);
}

void LoginRateLimiter::Sweep(int64_t now) {
  for (auto* map : {&by_email_, &by_address_}) {
    for (auto it = map->begin(); it != map->end();) {
      Prune(it->second, now);
      it = it->second.empty() ? map->erase(it) : std::next(it);
    }
  }
}

void LoginRateLimiter::RecordSuccess(const std::string& email) {
  std::lock_guard lock(mu_);
  by_email_.erase(email);
}

}  // namespace bi::auth
