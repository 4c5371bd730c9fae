// The credentials chain: explicit keys, then the standard environment variables, then the ECS
// task role, then (for a local peer only) fixed dummy keys. The choice is made once, when the
// chain is built, so a running process never silently switches identity.

#include "aws/credentials.h"

#include <cstdlib>

#include "aws/container_credentials.h"
#include "common/log.h"

namespace bi::aws {
namespace {

// Keys that do not change: explicit, from the environment, or the local peer's dummies.
class FixedCredentialsProvider final : public CredentialsProvider {
 public:
  // Long-lived keys are also redacted from log output, a last line of defence.
  explicit FixedCredentialsProvider(Credentials credentials)
      : credentials_(std::move(credentials)) {
    log::RegisterSecret(credentials_.secret_access_key);
    log::RegisterSecret(credentials_.session_token);
  }
  Result<Credentials> Get() override { return credentials_; }

 private:
  Credentials credentials_;
};

// A chain that cannot give credentials; every Get() says why (names of settings only).
class NoCredentialsProvider final : public CredentialsProvider {
 public:
  explicit NoCredentialsProvider(Status why) : why_(std::move(why)) {}
  Result<Credentials> Get() override { return why_; }

 private:
  Status why_;
};

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

}  // namespace

std::shared_ptr<CredentialsProvider> MakeCredentialsChain(CredentialsChainOptions options) {
  // 1. Explicit keys (S3_ACCESS_KEY / S3_SECRET_KEY for the S3 backend).
  if (!options.access_key_id.empty() || !options.secret_access_key.empty()) {
    if (options.access_key_id.empty() || options.secret_access_key.empty())
      return std::make_shared<NoCredentialsProvider>(Status::InvalidArgument(
          "an access key was given without its secret key, or the other way round; set both "
          "(S3_ACCESS_KEY and S3_SECRET_KEY) or neither"));
    Credentials c;
    c.access_key_id = std::move(options.access_key_id);
    c.secret_access_key = std::move(options.secret_access_key);
    return std::make_shared<FixedCredentialsProvider>(std::move(c));
  }

  // 2. The standard environment variables.
  const std::string env_key = Env("AWS_ACCESS_KEY_ID");
  const std::string env_secret = Env("AWS_SECRET_ACCESS_KEY");
  if (!env_key.empty() || !env_secret.empty()) {
    if (env_key.empty() || env_secret.empty())
      return std::make_shared<NoCredentialsProvider>(Status::InvalidArgument(
          "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together"));
    Credentials c;
    c.access_key_id = env_key;
    c.secret_access_key = env_secret;
    c.session_token = Env("AWS_SESSION_TOKEN");
    return std::make_shared<FixedCredentialsProvider>(std::move(c));
  }

  // 3. The ECS task role.
  const std::string relative_uri = Env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
  if (!relative_uri.empty()) {
    std::string host = options.container_endpoint_host;
    while (!host.empty() && host.back() == '/') host.pop_back();
    const std::string separator = relative_uri.front() == '/' ? "" : "/";
    return std::make_shared<ContainerCredentialsProvider>(host + separator + relative_uri);
  }

  // 4. A local peer (dynalite, s3rver, MinIO in a test) accepts any well-formed signature.
  if (options.allow_dummy_for_local_peer) {
    Credentials c;
    c.access_key_id = "local-peer-access-key";
    c.secret_access_key = "local-peer-secret-key";
    return std::make_shared<FixedCredentialsProvider>(std::move(c));
  }

  return std::make_shared<NoCredentialsProvider>(Status::Unavailable(
      "no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run with "
      "an ECS task role (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI)",
      {{"reason", "aws_credentials_unavailable"}}));
}

}  // namespace bi::aws
