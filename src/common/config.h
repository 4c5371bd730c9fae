#pragma once
// Process configuration from the environment variables of the deployment guide, plus command
// line flags that override them. Loading is pure (no files touched) so it is easy to test;
// EnsureJwtSecret() is the one step with side effects.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/status.h"

namespace bi {

enum class Environment { kLocal, kStaging, kProduction };

struct Config {
  Environment env = Environment::kLocal;  // ENV: local | staging | production
  std::string env_name = "local";

  std::string jwt_secret;          // JWT_SECRET_KEY, at least 32 characters
  int jwt_lifetime_minutes = 480;  // JWT_ACCESS_TOKEN_EXPIRE_MINUTES: access token lifetime
  std::string dynamodb_endpoint;   // DYNAMODB_ENDPOINT (empty: embedded store)
  std::string s3_endpoint;         // S3_ENDPOINT (empty: local blob directory)
  std::string s3_access_key;       // S3_ACCESS_KEY
  std::string s3_secret_key;       // S3_SECRET_KEY
  std::string s3_bucket_datasets = "bi-datasets";  // S3_BUCKET_DATASETS
  std::string executor_endpoint;                   // EXECUTOR_ENDPOINT (empty: in-process in serve)
  std::string executor_shared_secret;              // EXECUTOR_SHARED_SECRET (API and executor)
  std::string vertex_ai_project_id;                // VERTEX_AI_PROJECT_ID (empty: AI disabled)
  std::string google_application_credentials;      // GOOGLE_APPLICATION_CREDENTIALS
  std::string aws_region = "ap-northeast-1";       // AWS_REGION
  std::vector<std::string> cors_origins;           // CORS_ORIGINS, comma separated; "*" = any

  std::string host = "0.0.0.0";               // BI_HOST / --host
  int api_port = 8000;                        // API_PORT / --port (0: any free port)
  int executor_port = 8080;                   // EXECUTOR_PORT / --executor-port
  std::filesystem::path data_dir = "./data";  // BI_DATA_DIR / --data-dir
  // BI_WEB_DIR: the built web app served at / by the API (empty: frontend/dist when present).
  std::string web_dir;

  int http_threads = 0;               // BI_HTTP_THREADS / --threads (0: one per core)
  int header_timeout_seconds = 30;    // BI_HTTP_HEADER_TIMEOUT_SECONDS (also keep-alive idle)
  int body_timeout_seconds = 300;     // BI_HTTP_BODY_TIMEOUT_SECONDS
  int shutdown_timeout_seconds = 20;  // BI_SHUTDOWN_TIMEOUT_SECONDS: grace for in-flight requests
  std::string log_level = "info";     // BI_LOG_LEVEL: debug | info | warn | error
  int trusted_proxy_hops = 0;         // BI_TRUSTED_PROXY_HOPS: proxies in front (ALB: 1)
  int card_timeout_seconds = 10;      // BI_CARD_TIMEOUT_SECONDS: a card's time limit (1..10)
  int card_cache_mb = 256;            // BI_CARD_CACHE_MB: card results kept in API memory
  int card_cache_max_age_seconds = 86400;  // BI_CARD_CACHE_MAX_AGE_SECONDS: oldest result served

  // The configuration as JSON for the startup log, with every secret replaced by "[set]".
  nlohmann::json ToRedactedJson() const;
};

// Flags given on the command line; each overrides its environment variable.
struct ConfigOverrides {
  std::optional<int> port;
  std::optional<int> executor_port;
  std::optional<std::string> data_dir;
  std::optional<std::string> host;
  std::optional<int> threads;
};

using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

// Reads the real process environment.
EnvLookup ProcessEnvironment();

// Builds and validates a configuration. Rejects unknown ENV values, bad numbers and ports,
// and a JWT_SECRET_KEY under 32 characters. (Whether a key is required depends on the
// process: the API needs one, the executor must not have it; see EnsureJwtSecret.)
Result<Config> LoadConfig(const EnvLookup& env, const ConfigOverrides& overrides);

// For processes that issue or verify tokens. Creates the data directory. With JWT_SECRET_KEY
// set, nothing else to do. Without it: refuses in staging and production; in local mode reads
// the key kept in `<data_dir>/jwt_secret`, or generates one there with mode 0600 and sets
// *generated.
Status EnsureJwtSecret(Config& config, bool* generated);

}  // namespace bi
