#pragma once
// Reads a spooled multipart/form-data upload (the request body in a file) without copying the
// file part: small fields are collected as text, the `file` part is located as a byte range of
// the spool file, which the importer then reads in place.

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "common/status.h"
#include "ingest/importer.h"

namespace bi::ingest {

struct UploadForm {
  std::map<std::string, std::string> fields;  // text parts (each at most 64 KiB)
  std::optional<ImportSource> file;           // the part named "file"
  std::string filename;
};

Result<UploadForm> ReadUploadForm(const std::string& body_path, uint64_t body_size,
                                  const std::string& content_type);

// Import options from form fields: encoding, delimiter, hasHeader, quote, lenient, columnTypes.
Result<ImportOptions> ImportOptionsFromFields(const std::map<std::string, std::string>& fields);

}  // namespace bi::ingest
