#pragma once
// Where a bucket's objects live on the wire: the endpoint URL the S3 client talks to and the
// request path of the bucket and of each key.
// - Custom endpoints (MinIO, s3rver, anything not under amazonaws.com) use path-style
//   addressing: http://host:port/<bucket>/<key>.
// - AWS's own endpoints (S3_ENDPOINT=https://s3.<region>.amazonaws.com) use virtual-hosted
//   style, https://<bucket>.s3.<region>.amazonaws.com/<key>, as AWS deprecates path-style;
//   except for bucket names with dots, which AWS's wildcard TLS certificate does not cover.
// Paths are raw here: the AWS client percent-encodes each segment once, for the URL and the
// signature alike (S3's rule), so keys with spaces or Japanese travel intact.

#include <string>
#include <string_view>

#include "common/status.h"

namespace bi::blob::s3 {

struct S3Address {
  std::string endpoint_url;  // scheme://host[:port], no path
  std::string bucket;
  bool path_style = true;

  std::string BucketPath() const;                      // "/<bucket>" or "/"
  std::string ObjectPath(std::string_view key) const;  // "/<bucket>/<key>" or "/<key>"
};

// `endpoint` is S3_ENDPOINT ("http://127.0.0.1:9000", "https://s3.ap-northeast-1.amazonaws.com").
// kInvalidArgument for an endpoint that is not http(s)://host[:port] or an invalid bucket name.
Result<S3Address> MakeS3Address(std::string_view endpoint, std::string_view bucket);

}  // namespace bi::blob::s3
