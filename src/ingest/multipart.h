#pragma once
// A streaming multipart/form-data parser (RFC 7578 / RFC 2046), written for bi-tool because no
// Debian or npm library fits a C++ server that must not hold an upload in memory. Bytes are fed
// in chunks of any size (tests feed 1, 3, 7 and 20 bytes); part data is handed out as it is
// found, with its absolute offset in the body, so a caller can record where a file part lies
// inside a spooled body and read it from there without copying it.
//
// Accepted: a preamble before the first delimiter, transport padding after a delimiter, parts
// with or without headers, the closing delimiter followed by an epilogue. Part headers are
// limited to 16 KiB per part. Not thread-safe.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace bi::ingest {

struct PartInfo {
  std::string name;      // Content-Disposition name
  std::string filename;  // Content-Disposition filename ("" when absent)
  bool has_filename = false;
  std::string content_type;  // "" when absent
};

class MultipartParser {
 public:
  struct Callbacks {
    std::function<Status(const PartInfo&)> on_part_begin;
    // `offset` is the position of data[0] in the whole body.
    std::function<Status(std::string_view data, uint64_t offset)> on_data;
    std::function<Status()> on_part_end;
  };

  // The boundary parameter of a multipart/form-data Content-Type, or InvalidArgument.
  static Result<std::string> BoundaryFromContentType(std::string_view content_type);

  MultipartParser(std::string boundary, Callbacks callbacks);

  // Parses more of the body. Errors (malformed framing, callback failures) stick.
  Status Feed(std::string_view chunk);
  // The body ended: InvalidArgument unless the closing delimiter was seen.
  Status Finish();

 private:
  enum class State { kPreamble, kAfterDelimiter, kHeaders, kData, kDone };
  Status Process();
  Status ParseHeaders(std::string_view block);

  std::string delimiter_;  // "\r\n--" + boundary
  Callbacks cb_;
  State state_ = State::kPreamble;
  std::string buf_;          // unprocessed bytes
  uint64_t buf_offset_ = 0;  // offset of buf_[0] in the virtual stream ("\r\n" + body)
  Status status_;
};

}  // namespace bi::ingest
