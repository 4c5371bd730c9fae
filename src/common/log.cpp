#include "common/log.h"

#include <unistd.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

namespace bi::log {
namespace {

constexpr size_t kFlushBytes = 64 * 1024;
constexpr size_t kMaxBufferedBytes = 64 << 20;

std::atomic<int> g_level{static_cast<int>(Level::kInfo)};

// The process-wide output buffer and its background flusher.
class Output {
 public:
  Output() : flusher_([this] { FlushLoop(); }) {}
  ~Output() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    flusher_.join();
    Flush();
  }

  void Write(std::string_view line, bool urgent) {
    std::string redacted;
    {
      std::lock_guard lock(secrets_mu_);
      for (const auto& s : secrets_) {
        if (line.find(s) == std::string_view::npos) continue;  // copy only when needed
        if (redacted.empty()) redacted = line;
        for (size_t pos = redacted.find(s); pos != std::string::npos; pos = redacted.find(s, pos))
          redacted.replace(pos, s.size(), "[redacted]");
        line = redacted;
      }
    }
    {
      std::lock_guard lock(mu_);
      if (sink_) {
        sink_(line);
        return;
      }
      // Output that cannot be written fast enough is dropped rather than held without bound.
      if (buffer_.size() < kMaxBufferedBytes) buffer_.append(line);
      if (!urgent) {
        if (buffer_.size() >= kFlushBytes) cv_.notify_one();
        return;
      }
    }
    WriteOut();
  }

  void Flush() { WriteOut(); }

  void AddSecret(std::string_view s) {
    std::lock_guard lock(secrets_mu_);
    secrets_.emplace_back(s);
  }

  void SetSink(std::function<void(std::string_view)> sink) {
    WriteOut();
    std::lock_guard lock(mu_);
    sink_ = std::move(sink);
  }

 private:
  // Takes the buffered lines and writes them without holding `mu_`, so threads that log are
  // never stalled by the write itself. `write_mu_` keeps the lines in order between writers.
  void WriteOut() {
    std::lock_guard writing(write_mu_);
    std::string out;
    {
      std::lock_guard lock(mu_);
      out.swap(buffer_);
      buffer_.swap(spare_);  // an empty buffer that keeps its capacity
    }
    size_t off = 0;
    while (off < out.size()) {
      ssize_t n = ::write(STDOUT_FILENO, out.data() + off, out.size() - off);
      if (n <= 0) break;  // stdout closed: drop rather than block the server
      off += static_cast<size_t>(n);
    }
    out.clear();
    std::lock_guard lock(mu_);
    spare_.swap(out);
  }

  void FlushLoop() {
    std::unique_lock lock(mu_);
    while (!stopping_) {
      cv_.wait_for(lock, std::chrono::milliseconds(100),
                   [this] { return stopping_ || buffer_.size() >= kFlushBytes; });
      lock.unlock();
      WriteOut();
      lock.lock();
    }
  }

  std::mutex write_mu_;  // taken before mu_
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::string buffer_;
  std::string spare_;
  std::function<void(std::string_view)> sink_;
  std::mutex secrets_mu_;
  std::vector<std::string> secrets_;
  std::thread flusher_;
};

Output& TheOutput() {
  static Output output;
  return output;
}

const char* LevelName(Level l) {
  switch (l) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
  }
  return "info";
}

void AppendTimestamp(std::string& out) {
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  // Formatting the date is the costly part and changes once a second: keep it per thread.
  thread_local int64_t cached_secs = -1;
  thread_local char cached[32];
  const int64_t secs = ms / 1000;
  if (secs != cached_secs) {
    std::time_t t = static_cast<std::time_t>(secs);
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::snprintf(cached, sizeof cached, "%04d-%02d-%02dT%02d:%02d:%02d.", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    cached_secs = secs;
  }
  out.append(cached);
  const int milli = static_cast<int>(ms % 1000);
  out.push_back(static_cast<char>('0' + milli / 100));
  out.push_back(static_cast<char>('0' + milli / 10 % 10));
  out.push_back(static_cast<char>('0' + milli % 10));
  out.push_back('Z');
}

}  // namespace

void AppendJsonString(std::string& out, std::string_view s) {
  static const char* kHex = "0123456789abcdef";
  out.push_back('"');
  size_t run = 0;  // start of the characters not yet appended, which need no escaping
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      default:
        out.append("\\u00");
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
    }
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

Line::Line(Level level, std::string_view event, bool audit)
    : level_(level), enabled_(static_cast<int>(level) >= g_level.load(std::memory_order_relaxed)) {
  if (!enabled_) return;
  text_.reserve(256);
  text_.append("{\"ts\":\"");
  AppendTimestamp(text_);
  text_.append("\",\"level\":\"");
  text_.append(LevelName(level));
  text_.append("\",\"event\":");
  AppendJsonString(text_, event);
  if (audit) text_.append(",\"log\":\"audit\"");
}

Line::~Line() {
  if (!emitted_) Emit();
}

void Line::Key(std::string_view key) {
  text_.push_back(',');
  AppendJsonString(text_, key);
  text_.push_back(':');
}

Line& Line::Str(std::string_view key, std::string_view value) {
  if (!enabled_) return *this;
  Key(key);
  AppendJsonString(text_, value);
  return *this;
}

Line& Line::Int(std::string_view key, int64_t value) {
  if (!enabled_) return *this;
  Key(key);
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  text_.append(buf, end - buf);
  return *this;
}

Line& Line::Num(std::string_view key, double value) {
  if (!enabled_) return *this;
  Key(key);
  if (!std::isfinite(value)) {
    text_.append("null");  // JSON has no NaN or infinity
    return *this;
  }
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, 3);
  if (r.ec != std::errc()) r = std::to_chars(buf, buf + sizeof buf, value);  // huge: 1e+300
  text_.append(buf, r.ptr - buf);
  return *this;
}

Line& Line::Bool(std::string_view key, bool value) {
  if (!enabled_) return *this;
  Key(key);
  text_.append(value ? "true" : "false");
  return *this;
}

Line& Line::Json(std::string_view key, const nlohmann::json& value) {
  if (!enabled_) return *this;
  Key(key);
  text_.append(value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  return *this;
}

void Line::Emit() {
  emitted_ = true;
  if (!enabled_) return;
  text_.append("}\n");
  TheOutput().Write(text_, level_ >= Level::kWarn);
}

void SetLevel(Level level) {
  g_level.store(static_cast<int>(level));
}

bool ParseLevel(std::string_view name, Level* out) {
  if (name == "debug")
    *out = Level::kDebug;
  else if (name == "info")
    *out = Level::kInfo;
  else if (name == "warn" || name == "warning")
    *out = Level::kWarn;
  else if (name == "error")
    *out = Level::kError;
  else
    return false;
  return true;
}

void RegisterSecret(std::string_view secret) {
  if (secret.size() >= 8) TheOutput().AddSecret(secret);
}

void SetSinkForTesting(std::function<void(std::string_view)> sink) {
  TheOutput().SetSink(std::move(sink));
}

void Flush() {
  TheOutput().Flush();
}

}  // namespace bi::log
