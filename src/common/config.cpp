#include "common/config.h"

#include "common/strings.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>

#include "common/random.h"

namespace bi {
namespace {

constexpr size_t kMinJwtSecretLength = 32;

Status ParseInt(std::string_view name, std::string_view text, int min, int max, int* out) {
  int value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < min || value > max) {
    return Status::InvalidArgument(std::string(name) + " must be an integer from " +
                                   std::to_string(min) + " to " + std::to_string(max) + ", got '" +
                                   std::string(text) + "'");
  }
  *out = value;
  return Status::Ok();
}

}  // namespace

EnvLookup ProcessEnvironment() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* v = std::getenv(std::string(name).c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

Result<Config> LoadConfig(const EnvLookup& env, const ConfigOverrides& overrides) {
  Config c;
  auto get = [&](std::string_view name) -> std::string {
    auto v = env(name);
    return v ? Trim(*v) : std::string();
  };
  auto get_into = [&](std::string_view name, std::string& field) {
    if (auto v = get(name); !v.empty()) field = v;
  };
  auto get_int = [&](std::string_view name, int min, int max, int& field) -> Status {
    if (auto v = get(name); !v.empty()) return ParseInt(name, v, min, max, &field);
    return Status::Ok();
  };

  if (auto e = get("ENV"); !e.empty()) {
    if (e == "local")
      c.env = Environment::kLocal;
    else if (e == "staging")
      c.env = Environment::kStaging;
    else if (e == "production")
      c.env = Environment::kProduction;
    else
      return Status::InvalidArgument("ENV must be local, staging or production, got '" + e + "'");
    c.env_name = e;
  }

  c.jwt_secret = env("JWT_SECRET_KEY").value_or("");
  get_into("DYNAMODB_ENDPOINT", c.dynamodb_endpoint);
  get_into("S3_ENDPOINT", c.s3_endpoint);
  get_into("S3_ACCESS_KEY", c.s3_access_key);
  c.s3_secret_key = env("S3_SECRET_KEY").value_or("");
  get_into("S3_BUCKET_DATASETS", c.s3_bucket_datasets);
  get_into("EXECUTOR_ENDPOINT", c.executor_endpoint);
  c.executor_shared_secret = env("EXECUTOR_SHARED_SECRET").value_or("");
  get_into("VERTEX_AI_PROJECT_ID", c.vertex_ai_project_id);
  get_into("GOOGLE_APPLICATION_CREDENTIALS", c.google_application_credentials);
  get_into("AWS_REGION", c.aws_region);
  get_into("BI_HOST", c.host);
  get_into("BI_LOG_LEVEL", c.log_level);
  get_into("BI_WEB_DIR", c.web_dir);

  if (auto origins = env("CORS_ORIGINS")) {
    std::string_view rest = *origins;
    while (!rest.empty()) {
      size_t comma = rest.find(',');
      std::string item = Trim(rest.substr(0, comma));
      if (!item.empty()) c.cors_origins.push_back(item);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
  } else if (c.env == Environment::kLocal) {
    // The Vite dev server of the deployment guide.
    c.cors_origins = {"http://localhost:3000", "http://127.0.0.1:3000"};
  }

  BI_RETURN_IF_ERROR(
      get_int("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", 1, 7 * 24 * 60, c.jwt_lifetime_minutes));
  BI_RETURN_IF_ERROR(get_int("API_PORT", 0, 65535, c.api_port));
  BI_RETURN_IF_ERROR(get_int("EXECUTOR_PORT", 0, 65535, c.executor_port));
  BI_RETURN_IF_ERROR(get_int("BI_HTTP_THREADS", 0, 256, c.http_threads));
  BI_RETURN_IF_ERROR(get_int("BI_HTTP_HEADER_TIMEOUT_SECONDS", 1, 3600, c.header_timeout_seconds));
  BI_RETURN_IF_ERROR(get_int("BI_HTTP_BODY_TIMEOUT_SECONDS", 1, 3600, c.body_timeout_seconds));
  BI_RETURN_IF_ERROR(get_int("BI_SHUTDOWN_TIMEOUT_SECONDS", 0, 3600, c.shutdown_timeout_seconds));
  BI_RETURN_IF_ERROR(get_int("BI_TRUSTED_PROXY_HOPS", 0, 10, c.trusted_proxy_hops));
  BI_RETURN_IF_ERROR(get_int("BI_CARD_TIMEOUT_SECONDS", 1, 10, c.card_timeout_seconds));
  BI_RETURN_IF_ERROR(get_int("BI_CARD_CACHE_MB", 0, 1 << 20, c.card_cache_mb));
  BI_RETURN_IF_ERROR(
      get_int("BI_CARD_CACHE_MAX_AGE_SECONDS", 0, 365 * 86400, c.card_cache_max_age_seconds));
  if (auto d = get("BI_DATA_DIR"); !d.empty()) c.data_dir = d;

  if (overrides.port) c.api_port = *overrides.port;
  if (overrides.executor_port) c.executor_port = *overrides.executor_port;
  if (overrides.data_dir) c.data_dir = *overrides.data_dir;
  if (overrides.host) c.host = *overrides.host;
  if (overrides.threads) c.http_threads = *overrides.threads;
  for (int port : {c.api_port, c.executor_port}) {
    if (port < 0 || port > 65535)
      return Status::InvalidArgument("port must be from 0 to 65535, got " + std::to_string(port));
  }
  if (c.http_threads < 0 || c.http_threads > 256)
    return Status::InvalidArgument("threads must be from 0 to 256");
  if (c.log_level != "debug" && c.log_level != "info" && c.log_level != "warn" &&
      c.log_level != "error")
    return Status::InvalidArgument("BI_LOG_LEVEL must be debug, info, warn or error");

  if (!c.jwt_secret.empty() && c.jwt_secret.size() < kMinJwtSecretLength) {
    return Status::InvalidArgument("JWT_SECRET_KEY must be at least 32 characters (it has " +
                                   std::to_string(c.jwt_secret.size()) + ")");
  }
  if (!c.s3_endpoint.empty() && (c.s3_access_key.empty() != c.s3_secret_key.empty()))
    return Status::InvalidArgument("S3_ACCESS_KEY and S3_SECRET_KEY must be set together");
  return c;
}

Status EnsureJwtSecret(Config& config, bool* generated) {
  *generated = false;
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  if (ec)
    return Status::IoError("cannot create data directory " + config.data_dir.string() + ": " +
                           ec.message());
  if (!config.jwt_secret.empty()) return Status::Ok();
  if (config.env != Environment::kLocal)
    return Status::InvalidArgument("JWT_SECRET_KEY is required when ENV is " + config.env_name +
                                   " (at least 32 random characters)");

  std::filesystem::path path = config.data_dir / "jwt_secret";
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    char buf[512];
    ssize_t n = ::read(fd, buf, sizeof buf);
    ::close(fd);
    std::string secret = n > 0 ? Trim(std::string_view(buf, static_cast<size_t>(n))) : "";
    if (secret.size() < kMinJwtSecretLength)
      return Status::InvalidArgument(path.string() +
                                     " holds a key under 32 characters; delete it to regenerate");
    config.jwt_secret = secret;
    return Status::Ok();
  }
  if (errno != ENOENT)
    return Status::IoError("cannot read " + path.string() + ": " + std::strerror(errno));

  std::string secret = RandomBase64Url(48);
  fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    return Status::IoError("cannot create " + path.string() + ": " + std::strerror(errno));
  std::string line = secret + "\n";
  bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    std::filesystem::remove(path, ec);
    return Status::IoError("cannot write " + path.string());
  }
  config.jwt_secret = secret;
  *generated = true;
  return Status::Ok();
}

nlohmann::json Config::ToRedactedJson() const {
  auto secret = [](const std::string& s) { return s.empty() ? "" : "[set]"; };
  return {
      {"env", env_name},
      {"jwt_secret_key", secret(jwt_secret)},
      {"jwt_access_token_expire_minutes", jwt_lifetime_minutes},
      {"dynamodb_endpoint", dynamodb_endpoint},
      {"s3_endpoint", s3_endpoint},
      {"s3_access_key", secret(s3_access_key)},
      {"s3_secret_key", secret(s3_secret_key)},
      {"s3_bucket_datasets", s3_bucket_datasets},
      {"executor_endpoint", executor_endpoint},
      {"executor_shared_secret", secret(executor_shared_secret)},
      {"vertex_ai_project_id", vertex_ai_project_id},
      {"google_application_credentials", google_application_credentials},
      {"aws_region", aws_region},
      {"cors_origins", cors_origins},
      {"host", host},
      {"api_port", api_port},
      {"executor_port", executor_port},
      {"data_dir", data_dir.string()},
      {"web_dir", web_dir},
      {"http_threads", http_threads},
      {"log_level", log_level},
      {"trusted_proxy_hops", trusted_proxy_hops},
      {"card_timeout_seconds", card_timeout_seconds},
      {"card_cache_mb", card_cache_mb},
      {"card_cache_max_age_seconds", card_cache_max_age_seconds},
  };
}

}  // namespace bi
