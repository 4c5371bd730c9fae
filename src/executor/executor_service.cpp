#include "executor/executor_service.h"

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <regex>
#include <thread>

#include "common/log.h"
#include "metrics/process_metrics.h"

#ifndef BI_EXECUTOR_BUILD_RUNTIME_DIR
#define BI_EXECUTOR_BUILD_RUNTIME_DIR ""
#endif

namespace bi::executor {
namespace {

using Clock = std::chrono::steady_clock;

int EnvInt(const char* name, int fallback) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return fallback;
  char* end = nullptr;
  long n = std::strtol(v, &end, 10);
  return (end && *end == '\0') ? static_cast<int>(n) : fallback;
}

bool ValidAlias(const std::string& a) {
  static const std::regex re("[A-Za-z][A-Za-z0-9_]{0,63}");
  if (!std::regex_match(a, re)) return false;
  for (const char* reserved : {"pd", "np", "plt", "go", "params", "result"})
    if (a == reserved) return false;
  return true;
}

std::string SignalName(int sig) {
  const char* d = sigabbrev_np(sig);
  return d ? std::string("SIG") + d : "signal " + std::to_string(sig);
}

// Most cards leave their scratch dir empty: one rmdir instead of a directory walk.
void RemoveScratch(const std::string& dir) {
  if (rmdir(dir.c_str()) == 0 || errno == ENOENT) return;
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

Execution Failure(Outcome outcome, std::string code, std::string message,
                  nlohmann::json details = nullptr) {
  Execution e;
  e.outcome = outcome;
  e.body = {{"code", std::move(code)}, {"message", std::move(message)}, {"details", details}};
  return e;
}

}  // namespace

std::string DefaultRuntimeDir() {
  if (const char* env = std::getenv("BI_EXECUTOR_RUNTIME_DIR"); env && *env) return env;
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto beside = exe.parent_path() / "executor-runtime";
    if (std::filesystem::exists(beside / "harness.py", ec)) return beside.string();
  }
  return BI_EXECUTOR_BUILD_RUNTIME_DIR;
}

ExecutorOptions ExecutorOptions::FromEnvironment() {
  ExecutorOptions o;
  o.workers = EnvInt("BI_EXECUTOR_WORKERS", 0);
  o.max_queue = EnvInt("BI_EXECUTOR_QUEUE", o.max_queue);
  o.cache_bytes = static_cast<uint64_t>(EnvInt("BI_EXECUTOR_CACHE_MB", 1024)) << 20;
  o.sandbox_uid = EnvInt("BI_EXECUTOR_SANDBOX_UID", o.sandbox_uid);
  if (const char* p = std::getenv("BI_EXECUTOR_PYTHON"); p && *p) o.runtime.python = p;
  o.runtime.runtime_dir = DefaultRuntimeDir();
  return o;
}

ExecutorService::ExecutorService(ExecutorOptions options, std::unique_ptr<blob::BlobStore> store)
    : options_(std::move(options)),
      store_(std::move(store)),
      cache_(store_.get(), options_.cache_bytes) {
  if (options_.workers <= 0) {
    unsigned n = std::thread::hardware_concurrency();
    options_.workers = n == 0 ? 2 : static_cast<int>(n);
  }
  if (options_.max_queue < 0) options_.max_queue = 0;
  std::string tmpl = (std::filesystem::temp_directory_path() / "bi-executor-XXXXXX").string();
  if (mkdtemp(tmpl.data()) != nullptr) {
    scratch_root_ = tmpl;
    chmod(scratch_root_.c_str(), 0711);  // sandbox uids traverse into their own run dirs
    std::filesystem::create_directories(scratch_root_ + "/home/mpl");
  }
  if (options_.runtime.work_dir.empty()) options_.runtime.work_dir = scratch_root_ + "/home";
  for (int i = 0; i < options_.workers; ++i) {
    auto w = std::make_unique<Worker>();
    w->index = i;
    w->zygote = std::make_unique<Zygote>(options_.runtime);
    Status s = w->zygote->Spawn();  // warms up in the background; first use waits for it
    if (!s.ok()) log::Warn("executor_runtime_unavailable").Str("reason", s.message());
    free_.push_back(w.get());
    workers_.push_back(std::move(w));
  }
  log::Info("executor_pool")
      .Int("workers", options_.workers)
      .Int("queue", options_.max_queue)
      .Str("runtime_dir", options_.runtime.runtime_dir)
      .Str("python", options_.runtime.python);
}

ExecutorService::~ExecutorService() {
  workers_.clear();  // kills the zygotes and their children
  if (!scratch_root_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(scratch_root_, ec);
  }
}

nlohmann::json ExecutorService::Stats() const {
  auto c = cache_.stats();
  std::lock_guard lock(mu_);
  return {{"workers", workers_.size()},
          {"busy", workers_.size() - free_.size()},
          {"queued", waiting_},
          {"runs", runs_},
          {"timeouts", timeouts_},
          {"rejected", rejected_},
          {"cancelled", cancelled_},
          {"cache",
           {{"hits", c.hits},
            {"misses", c.misses},
            {"bytes", c.bytes},
            {"images", c.images},
            {"parquetReads", c.parquet_reads}}}};
}

Result<ExecutorService::Worker*> ExecutorService::Acquire(const CancelCheck& cancelled) {
  std::unique_lock lock(mu_);
  if (free_.empty()) {
    if (waiting_ >= options_.max_queue) {
      ++rejected_;
      metrics::Process().RecordExecutorRejected();
      return Status::Unavailable("every executor worker is busy and the queue is full",
                                 {{"reason", "queue_full"}, {"retryAfterSeconds", 1}});
    }
    ++waiting_;
    metrics::Process().SetExecutorQueueDepth(waiting_);
    const auto give_up = Clock::now() + std::chrono::seconds(60);
    bool got = false;
    while (!got && Clock::now() < give_up) {
      // Wakes up now and then to see whether the caller is still there.
      auto until = cancelled ? std::min(give_up, Clock::now() + kCancelPollInterval) : give_up;
      got = cv_.wait_until(lock, until, [&] { return !free_.empty(); });
      if (!got && cancelled) {
        lock.unlock();
        const bool gone = cancelled();
        lock.lock();
        if (gone) {
          --waiting_;
          metrics::Process().SetExecutorQueueDepth(waiting_);
          ++cancelled_;
          return nullptr;
        }
        got = !free_.empty();
      }
    }
    --waiting_;
    metrics::Process().SetExecutorQueueDepth(waiting_);
    if (!got) {
      ++rejected_;
      metrics::Process().RecordExecutorRejected();
      return Status::Unavailable("no executor worker became free in time",
                                 {{"reason", "queue_timeout"}, {"retryAfterSeconds", 1}});
    }
  }
  Worker* w = free_.back();
  free_.pop_back();
  return w;
}

void ExecutorService::Release(Worker* worker) {
  {
    std::lock_guard lock(mu_);
    free_.push_back(worker);
  }
  cv_.notify_one();
}

Result<Execution> ExecutorService::Execute(const nlohmann::json& req,
                                           const CancelCheck& cancelled) {
  const auto started = Clock::now();
  // ---- validate ----
  if (!req.is_object()) return Status::InvalidArgument("the request must be a JSON object");
  if (!req.contains("code") || !req["code"].is_string())
    return Status::InvalidArgument("code (a string) is required");
  const std::string code = req["code"];
  nlohmann::json params = req.value("params", nlohmann::json::object());
  if (params.is_null()) params = nlohmann::json::object();
  if (!params.is_object()) return Status::InvalidArgument("params must be an object");
  int timeout_s = options_.default_timeout_seconds;
  int memory_mb = options_.default_memory_mb;
  if (req.contains("limits")) {
    const auto& l = req["limits"];
    if (!l.is_object()) return Status::InvalidArgument("limits must be an object");
    if (l.contains("timeoutSeconds")) {
      if (!l["timeoutSeconds"].is_number_integer() || l["timeoutSeconds"].get<int64_t>() < 1 ||
          l["timeoutSeconds"].get<int64_t>() > options_.max_timeout_seconds)
        return Status::InvalidArgument("limits.timeoutSeconds must be 1.." +
                                       std::to_string(options_.max_timeout_seconds));
      timeout_s = l["timeoutSeconds"];
    }
    if (l.contains("memoryMb")) {
      if (!l["memoryMb"].is_number_integer() || l["memoryMb"].get<int64_t>() < 256 ||
          l["memoryMb"].get<int64_t>() > options_.max_memory_mb)
        return Status::InvalidArgument("limits.memoryMb must be 256.." +
                                       std::to_string(options_.max_memory_mb));
      memory_mb = l["memoryMb"];
    }
  }
  std::vector<DatasetRequest> datasets;
  if (req.contains("datasets")) {
    if (!req["datasets"].is_array()) return Status::InvalidArgument("datasets must be an array");
    for (const auto& d : req["datasets"]) {
      if (!d.is_object()) return Status::InvalidArgument("each dataset must be an object");
      DatasetRequest r;
      r.alias = d.value("alias", datasets.empty() ? "df" : "");
      if (!ValidAlias(r.alias))
        return Status::InvalidArgument("dataset alias '" + r.alias + "' is not a usable name");
      for (const auto& other : datasets)
        if (other.alias == r.alias)
          return Status::InvalidArgument("dataset alias '" + r.alias + "' is used twice");
      r.dataset_id = d.value("datasetId", "");
      if (d.contains("version"))
        r.version =
            d["version"].is_string() ? d["version"].get<std::string>() : d["version"].dump();
      if (!d.contains("blobKeys") || !d["blobKeys"].is_array() || d["blobKeys"].empty())
        return Status::InvalidArgument("dataset '" + r.alias + "' needs blobKeys");
      for (const auto& k : d["blobKeys"]) {
        if (!k.is_string()) return Status::InvalidArgument("blobKeys must be strings");
        r.blob_keys.push_back(k);
      }
      if (d.contains("columns") && d["columns"].is_array())
        for (const auto& c : d["columns"])
          if (c.is_string()) r.columns.push_back(c);
      if (d.contains("filters")) r.filters = d["filters"];
      datasets.push_back(std::move(r));
    }
  }
  if (req.contains("filters")) {
    // Top-level filters apply to the main dataset (df).
    if (!req["filters"].is_array()) return Status::InvalidArgument("filters must be an array");
    for (auto& d : datasets)
      if (d.alias == "df")
        for (const auto& f : req["filters"]) d.filters.push_back(f);
  }
  for (const auto& d : datasets) {
    if (!d.filters.is_array()) return Status::InvalidArgument("filters must be an array");
    for (const auto& f : d.filters) {
      static const std::vector<std::string> ops = {"eq", "ne", "lt",      "le",      "gt",
                                                   "ge", "in", "between", "is_null", "not_null"};
      if (!f.is_object() || !f.contains("column") || !f["column"].is_string() ||
          std::find(ops.begin(), ops.end(), f.value("op", "")) == ops.end())
        return Status::InvalidArgument(
            "each filter needs a column and an op (eq ne lt le gt ge in between is_null "
            "not_null)");
    }
  }

  // ---- load data (before taking a worker: I/O never holds one) ----
  std::vector<std::shared_ptr<DatasetImage>> images;
  for (const auto& d : datasets) {
    auto image = cache_.Get(d);
    if (!image.ok()) return image.status();
    images.push_back(std::move(image).value());
  }
  const auto loaded = Clock::now();

  // ---- run ----
  auto worker = Acquire(cancelled);
  if (!worker.ok()) return worker.status();
  if (*worker == nullptr) {
    log::Info("card_run").Str("outcome", "cancelled").Str("stage", "queued");
    return Failure(Outcome::kCancelled, "cancelled", "the client went away while queued");
  }
  Worker* w = *worker;
  const bool root = geteuid() == 0;
  const int uid = root ? options_.sandbox_uid + w->index : -1;
  std::string scratch;
  {
    std::lock_guard lock(mu_);
    scratch = scratch_root_ + "/run-" + std::to_string(++run_counter_);
  }
  if (mkdir(scratch.c_str(), 0700) != 0 || (root && chown(scratch.c_str(), uid, uid) != 0)) {
    Release(w);
    return Status::Unavailable(std::string("cannot create a scratch directory: ") +
                               strerror(errno));
  }
  nlohmann::json zreq = {{"code", code},
                         {"params", params},
                         {"scratch", scratch},
                         {"uid", uid},
                         {"gid", uid},
                         {"stdoutLimit", options_.stdout_limit},
                         {"limits",
                          {{"memoryBytes", static_cast<int64_t>(memory_mb) << 20},
                           {"cpuSeconds", timeout_s + 1},
                           {"fileBytes", options_.max_file_bytes}}},
                         {"datasets", nlohmann::json::array()}};
  std::vector<int> fds;
  for (size_t i = 0; i < datasets.size(); ++i) {
    nlohmann::json d = images[i]->layout();
    d["alias"] = datasets[i].alias;
    d["key"] = images[i]->key();
    d["size"] = images[i]->size();
    d["fd"] = static_cast<int>(fds.size()) + 1;  // fds[0] is the result pipe
    d["filters"] = datasets[i].filters;
    fds.push_back(images[i]->fd());
    zreq["datasets"].push_back(std::move(d));
  }
  // A zygote still warming up (start-up, or a restart after a crash) is waited for first: its
  // start-up is not the card's time (the timeout counts from the card's process start).
  if (Status ready = w->zygote->EnsureReady(); !ready.ok()) {
    RemoveScratch(scratch);
    Release(w);
    return ready;
  }
  auto outcome = w->zygote->Run(zreq, fds, std::chrono::seconds(timeout_s),
                                options_.max_output_bytes, cancelled);
  RemoveScratch(scratch);
  if (!outcome.ok()) {
    // The zygote is gone or confused: it was killed; the next run starts a fresh one.
    Release(w);
    Status s = outcome.status();
    if (s.code() != ErrorCode::kUnavailable) s = Status::Unavailable(s.message());
    nlohmann::json details = s.details().is_object() ? s.details() : nlohmann::json::object();
    if (!details.contains("reason")) details["reason"] = "runtime_broken";
    if (!details.contains("retryAfterSeconds")) details["retryAfterSeconds"] = 1;
    return Status::Unavailable(s.message(), details);
  }
  Release(w);
  const auto finished = Clock::now();
  const double total_ms = std::chrono::duration<double, std::milli>(finished - started).count();
  const double load_ms = std::chrono::duration<double, std::milli>(loaded - started).count();
  {
    std::lock_guard lock(mu_);
    ++runs_;
    if (outcome->timed_out) ++timeouts_;
    if (outcome->cancelled) ++cancelled_;
  }

  Execution result;
  const RunOutcome& out = *outcome;
  const int st = out.wait_status;
  if (out.cancelled) {
    result = Failure(Outcome::kCancelled, "cancelled", "the client went away while the card ran");
  } else if (out.timed_out ||
             (WIFSIGNALED(st) && (WTERMSIG(st) == SIGXCPU) && out.output.empty())) {
    result = Failure(Outcome::kTimeout, "timeout",
                     "the card did not finish within " + std::to_string(timeout_s) +
                         " s; filter the data or simplify the code (runbook 5.2)",
                     {{"timeoutSeconds", timeout_s}});
  } else if (out.output_too_large) {
    result = Failure(Outcome::kOutputTooLarge, "output_too_large",
                     "the card's result is larger than " +
                         std::to_string(options_.max_output_bytes >> 20) + " MB");
  } else {
    auto doc = nlohmann::json::parse(out.output, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
      std::string how = WIFSIGNALED(st) ? "was killed by " + SignalName(WTERMSIG(st))
                        : WIFEXITED(st) ? "exited with status " + std::to_string(WEXITSTATUS(st))
                                        : "ended";
      result = Failure(Outcome::kCrashed, "card_crashed",
                       "the card's process " + how + " before producing a result",
                       {{"signal", WIFSIGNALED(st) ? SignalName(WTERMSIG(st)) : ""},
                        {"exitStatus", WIFEXITED(st) ? WEXITSTATUS(st) : -1}});
    } else if (doc.value("ok", false)) {
      result.outcome = Outcome::kOk;
      result.body = {{"result", doc["result"]},
                     {"stdout", doc.value("stdout", "")},
                     {"stdoutTruncated", doc.value("stdoutTruncated", false)}};
    } else {
      nlohmann::json err = doc.value("error", nlohmann::json::object());
      std::string c = err.value("code", "user_code_error");
      std::string type = err.value("type", "");
      std::string message = err.value("message", "");
      nlohmann::json details = {{"type", type},
                                {"message", message},
                                {"traceback", err.value("traceback", "")},
                                {"line", err.contains("line") ? err["line"] : nullptr},
                                {"stdout", doc.value("stdout", "")},
                                {"stdoutTruncated", doc.value("stdoutTruncated", false)}};
      if (c == "memory_limit") {
        details["memoryMb"] = memory_mb;
        result = Failure(Outcome::kMemoryLimit, c, message, details);
      } else if (c == "unsupported_result") {
        result = Failure(Outcome::kUnsupportedResult, c, message, details);
      } else if (c == "harness_error") {
        log::Error("executor_harness_error").Str("type", type).Str("message", message);
        return Status::Unavailable("the card runtime failed: " + type + ": " + message,
                                   {{"reason", "runtime_broken"}, {"retryAfterSeconds", 1}});
      } else {
        result = Failure(Outcome::kUserError, "user_code_error",
                         type.empty() ? message : type + ": " + message, details);
      }
    }
  }
  const double exec_ms = std::chrono::duration<double, std::milli>(finished - loaded).count();
  if (result.outcome == Outcome::kOk) {
    result.body["executionTimeMs"] = exec_ms;
    result.body["loadTimeMs"] = load_ms;
  } else if (result.body["details"].is_object()) {
    result.body["details"]["executionTimeMs"] = exec_ms;
  }
  const std::string outcome_code =
      result.outcome == Outcome::kOk ? "ok" : result.body.value("code", "");
  metrics::Process().RecordExecutorRun(outcome_code, total_ms / 1000.0);
  log::Info("card_run")
      .Str("outcome", outcome_code)
      .Num("duration_ms", total_ms)
      .Num("load_ms", load_ms)
      .Int("worker", w->index);
  return result;
}

}  // namespace bi::executor
