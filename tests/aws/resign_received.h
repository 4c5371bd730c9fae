#pragma once
// Signs again, with this project's signer, a request exactly as a test server received it
// (target, headers, body) — so a test can check that a sender's Authorization matches what
// its bytes on the wire call for: our client's (nothing signed differs from what is sent) and
// the official AWS CLI's (our signer agrees with AWS's own).

#include <chrono>
#include <string>

#include "aws/sigv4.h"
#include "local_http_server.h"

namespace bi::aws::testing {

// The Authorization header for `received`, signing the headers its own Authorization lists
// as signed, at its x-amz-date, with its x-amz-security-token if any.
std::string ResignReceived(const ReceivedRequest& received, const std::string& access_key_id,
                           const std::string& secret_access_key, const SigningScope& scope);

// "20261123T182700Z" as a time point.
std::chrono::system_clock::time_point FromAmzDate(const std::string& amz_date);

}  // namespace bi::aws::testing
