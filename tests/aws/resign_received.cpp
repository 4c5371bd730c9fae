// See resign_received.h. The target is decoded and handed to SignV4 raw, which encodes it
// again the way SigV4 wants; a sender that encodes differently from SigV4 fails the check.

#include "resign_received.h"

#include <ctime>
#include <string_view>

namespace bi::aws::testing {
namespace {

std::string PercentDecode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out.push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

}  // namespace

std::chrono::system_clock::time_point FromAmzDate(const std::string& amz_date) {
  std::tm tm{};
  strptime(amz_date.c_str(), "%Y%m%dT%H%M%SZ", &tm);
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

std::string ResignReceived(const ReceivedRequest& received, const std::string& access_key_id,
                           const std::string& secret_access_key, const SigningScope& scope) {
  const std::string authorization = received.Header("authorization");
  const size_t names_at = authorization.find("SignedHeaders=");
  if (names_at == std::string::npos) return "(no SignedHeaders in the received Authorization)";
  const std::string names =
      authorization.substr(names_at + 14, authorization.find(',', names_at) - names_at - 14);

  RequestToSign r;
  r.method = received.method;
  r.host = received.Header("host");
  const size_t question = received.target.find('?');
  r.path = PercentDecode(received.target.substr(0, question));
  if (question != std::string::npos) {
    std::string_view query = std::string_view(received.target).substr(question + 1);
    while (!query.empty()) {
      const std::string_view pair = query.substr(0, query.find('&'));
      const size_t eq = pair.find('=');
      r.query.emplace_back(PercentDecode(pair.substr(0, eq)),
                           eq == std::string_view::npos ? "" : PercentDecode(pair.substr(eq + 1)));
      query.remove_prefix(std::min(query.size(), pair.size() + 1));
    }
  }
  for (const auto& [name, value] : received.headers) {
    if (name == "host" || name == "x-amz-date" || name == "x-amz-security-token") continue;
    if ((";" + names + ";").find(";" + name + ";") != std::string::npos)
      r.headers.emplace_back(name, value);
  }
  r.payload_sha256 = Sha256Hex(received.body);  // unless an x-amz-content-sha256 header says
  const Credentials credentials{access_key_id, secret_access_key,
                                received.Header("x-amz-security-token"), std::nullopt};
  for (const auto& [name, value] :
       SignV4(r, credentials, scope, FromAmzDate(received.Header("x-amz-date"))))
    if (name == "Authorization") return value;
  return "";
}

}  // namespace bi::aws::testing
