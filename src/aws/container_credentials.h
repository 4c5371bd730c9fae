#pragma once
// The ECS task role: credentials fetched over HTTP from the container credentials endpoint
// (169.254.170.2 + AWS_CONTAINER_CREDENTIALS_RELATIVE_URI), cached, and fetched again when
// less than five minutes of their validity remain. Internal to bi_aws (MakeCredentialsChain
// builds it); declared here so it can be tested on its own.

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "aws/credentials.h"

namespace bi::aws {

class ContainerCredentialsProvider final : public CredentialsProvider {
 public:
  // `url`: the full address, e.g. "http://169.254.170.2/v2/credentials/<id>".
  explicit ContainerCredentialsProvider(std::string url);
  // The cached credentials while more than five minutes remain; otherwise fetched again.
  // When the endpoint fails, cached credentials that have not yet expired are still used.
  Result<Credentials> Get() override;

  static constexpr std::chrono::minutes kRefreshBefore{5};

 private:
  Result<Credentials> Fetch();

  std::string url_;
  std::mutex mu_;  // one fetch at a time; callers waiting for it then share its answer
  std::optional<Credentials> cached_;
};

// "2026-11-23T20:00:00Z" (fraction of a second and a +hh:mm offset accepted); nullopt when
// the text is not such a timestamp.
std::optional<std::chrono::system_clock::time_point> ParseIso8601(std::string_view text);

}  // namespace bi::aws
