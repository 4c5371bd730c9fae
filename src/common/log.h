#pragma once
// Structured logging: one JSON object per line on stdout (runbook 4.2), e.g.
//   {"ts":"2026-11-23T09:00:00.123Z","level":"info","event":"request","status":200,...}
// Audit events (runbook 4.3) carry "log":"audit" so they can be filtered from access logs.
// Output is buffered and flushed at least every 100 ms, and at once for warnings and errors,
// so per-request logging stays off the hot path. Registered secrets are redacted from every
// line as a last line of defence; code must still never log them on purpose.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace bi::log {

enum class Level { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

// Builds one line; Emit() (or the destructor, if not yet emitted) writes it.
class Line {
 public:
  Line(Level level, std::string_view event, bool audit = false);
  ~Line();
  Line(const Line&) = delete;
  Line& operator=(const Line&) = delete;

  Line& Str(std::string_view key, std::string_view value);
  Line& Int(std::string_view key, int64_t value);
  Line& Num(std::string_view key, double value);
  Line& Bool(std::string_view key, bool value);
  Line& Json(std::string_view key, const nlohmann::json& value);
  void Emit();

 private:
  void Key(std::string_view key);
  Level level_;
  bool emitted_ = false;
  bool enabled_;
  std::string text_;
};

inline Line Debug(std::string_view event) {
  return Line(Level::kDebug, event);
}
inline Line Info(std::string_view event) {
  return Line(Level::kInfo, event);
}
inline Line Warn(std::string_view event) {
  return Line(Level::kWarn, event);
}
inline Line Error(std::string_view event) {
  return Line(Level::kError, event);
}
// An audit event (login_success, dataset_created, card_executed, share_changed, ...).
inline Line Audit(std::string_view event) {
  return Line(Level::kInfo, event, true);
}

void SetLevel(Level level);
bool ParseLevel(std::string_view name, Level* out);
// Replaces every later occurrence of `secret` in log output by "[redacted]". Short values
// (under 8 characters) are ignored: redacting them would mangle ordinary words.
void RegisterSecret(std::string_view secret);
// Redirects output (tests). nullptr restores stdout.
void SetSinkForTesting(std::function<void(std::string_view)> sink);
void Flush();

// Appends `s` as a JSON string literal (with quotes) to `out`.
void AppendJsonString(std::string& out, std::string_view s);

}  // namespace bi::log
