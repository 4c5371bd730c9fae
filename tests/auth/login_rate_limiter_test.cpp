#include "auth/login_rate_limiter.h"

#include <gtest/gtest.h>

namespace bi::auth {
namespace {

using namespace std::chrono_literals;

TEST(LoginRateLimiterTest, LimitsFailuresPerEmailThenLetsThemAge) {
  ManualClock clock;
  LoginRateLimiter limiter(clock, {3, 100, 60s});
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(limiter.RetryAfterSeconds("a@x", "1.1.1.1"), 0);
    limiter.RecordFailure("a@x", "1.1.1.1");
    clock.Advance(10s);
  }
  // Failures at t=0,10,20; now t=30: the first leaves the window at t=60.
  EXPECT_EQ(limiter.RetryAfterSeconds("a@x", "1.1.1.1"), 30);
  EXPECT_EQ(limiter.RetryAfterSeconds("b@x", "1.1.1.1"), 0);  // other emails unaffected
  clock.Advance(30s);
  EXPECT_EQ(limiter.RetryAfterSeconds("a@x", "1.1.1.1"), 0);
}

TEST(LoginRateLimiterTest, LimitsFailuresPerAddressAcrossEmails) {
  ManualClock clock;
  LoginRateLimiter limiter(clock, {100, 4, 60s});
  for (int i = 0; i < 4; ++i) limiter.RecordFailure("user" + std::to_string(i) + "@x", "9.9.9.9");
  EXPECT_GT(limiter.RetryAfterSeconds("new@x", "9.9.9.9"), 0);
  EXPECT_EQ(limiter.RetryAfterSeconds("new@x", "8.8.8.8"), 0);
}

TEST(LoginRateLimiterTest, SuccessClearsTheEmailCount) {
  ManualClock clock;
  LoginRateLimiter limiter(clock, {2, 100, 60s});
  limiter.RecordFailure("a@x", "1.1.1.1");
  limiter.RecordSuccess("a@x");
  limiter.RecordFailure("a@x", "1.1.1.1");
  EXPECT_EQ(limiter.RetryAfterSeconds("a@x", "1.1.1.1"), 0);
}

TEST(LoginRateLimiterTest, ManyDistinctEmailsDoNotAccumulateForever) {
  ManualClock clock;
  LoginRateLimiter limiter(clock, {5, 1000000, 60s});
  for (int i = 0; i < 30000; ++i) {
    limiter.RecordFailure("e" + std::to_string(i), "a" + std::to_string(i % 7));
    if (i % 1000 == 0) clock.Advance(10s);
  }
  clock.Advance(120s);
  EXPECT_EQ(limiter.RetryAfterSeconds("e1", "a1"), 0);
}

}  // namespace
}  // namespace bi::auth
