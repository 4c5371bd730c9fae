#pragma once
// AWS credentials and where they come from. The chain, first match wins:
//   1. explicit keys handed in (the S3 backend passes S3_ACCESS_KEY / S3_SECRET_KEY),
//   2. AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN,
//   3. the ECS task role: http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI,
//      cached and fetched again five minutes before its Expiration.
// For a local peer (an endpoint given and nothing above set) fixed dummy keys are used, as
// dynalite and s3rver accept any signature-shaped request. Credentials are never logged.

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "common/status.h"

namespace bi::aws {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty: none (long-term keys)
  std::optional<std::chrono::system_clock::time_point> expiration;
};

class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;
  // Current credentials; kUnavailable when they cannot be obtained (container endpoint down).
  virtual Result<Credentials> Get() = 0;
};

struct CredentialsChainOptions {
  std::string access_key_id;  // explicit keys (step 1); both or neither
  std::string secret_access_key;
  bool allow_dummy_for_local_peer = false;  // step 4: custom endpoint and nothing else found
  // Where the container credentials endpoint lives (tests point this at a local server).
  std::string container_endpoint_host = "http://169.254.170.2";
};

// Reads the environment once at construction (steps 1-2); the container endpoint on demand.
std::shared_ptr<CredentialsProvider> MakeCredentialsChain(CredentialsChainOptions options);

}  // namespace bi::aws
