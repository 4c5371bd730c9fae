#include "ingest/multipart.h"

#include <algorithm>
#include <cctype>

namespace bi::ingest {
namespace {

constexpr size_t kMaxHeaderBytes = 16 * 1024;
constexpr size_t kMaxPadding = 1024;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Splits `key=value; key2="quoted \" value"` parameters (after the first token).
void ParseParams(std::string_view s,
                 const std::function<void(std::string_view, std::string)>& each) {
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ';' || s[i] == ' ' || s[i] == '\t')) ++i;
    size_t k0 = i;
    while (i < s.size() && s[i] != '=' && s[i] != ';') ++i;
    std::string_view key = Trim(s.substr(k0, i - k0));
    std::string value;
    if (i < s.size() && s[i] == '=') {
      ++i;
      while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
      if (i < s.size() && s[i] == '"') {
        ++i;
        while (i < s.size() && s[i] != '"') {
          if (s[i] == '\\' && i + 1 < s.size()) ++i;
          value += s[i++];
        }
        if (i < s.size()) ++i;
      } else {
        size_t v0 = i;
        while (i < s.size() && s[i] != ';') ++i;
        value = std::string(Trim(s.substr(v0, i - v0)));
      }
    }
    if (!key.empty()) each(key, std::move(value));
  }
}

}  // namespace

Result<std::string> MultipartParser::BoundaryFromContentType(std::string_view content_type) {
  size_t semi = content_type.find(';');
  std::string_view media = Trim(content_type.substr(0, semi));
  if (!IEquals(media, "multipart/form-data")) {
    return Status(ErrorCode::kUnsupportedMediaType, "Content-Type must be multipart/form-data");
  }
  std::string boundary;
  if (semi != std::string_view::npos) {
    ParseParams(content_type.substr(semi + 1), [&](std::string_view k, std::string v) {
      if (IEquals(k, "boundary")) boundary = std::move(v);
    });
  }
  if (boundary.empty() || boundary.size() > 200) {
    return Status::InvalidArgument("multipart/form-data needs a boundary of 1 to 200 characters");
  }
  return boundary;
}

MultipartParser::MultipartParser(std::string boundary, Callbacks callbacks)
    : delimiter_("\r\n--" + boundary), cb_(std::move(callbacks)) {
  // The first delimiter has no CRLF before it: parse "\r\n" + body, so every delimiter looks
  // the same, and report offsets in the body (two less).
  buf_ = "\r\n";
}

Status MultipartParser::Feed(std::string_view chunk) {
  if (!status_.ok()) return status_;
  buf_.append(chunk);
  status_ = Process();
  return status_;
}

Status MultipartParser::Finish() {
  if (!status_.ok()) return status_;
  if (state_ != State::kDone) {
    status_ = Status::InvalidArgument("multipart body ended before its closing boundary");
  }
  return status_;
}

Status MultipartParser::Process() {
  auto consume = [this](size_t n) {
    buf_.erase(0, n);
    buf_offset_ += n;
  };
  const size_t keep = delimiter_.size() - 1;
  for (;;) {
    switch (state_) {
      case State::kPreamble: {
        size_t pos = buf_.find(delimiter_);
        if (pos == std::string::npos) {
          if (buf_.size() > keep) consume(buf_.size() - keep);
          return Status::Ok();
        }
        consume(pos + delimiter_.size());
        state_ = State::kAfterDelimiter;
        break;
      }
      case State::kAfterDelimiter: {
        size_t i = 0;
        while (i < buf_.size() && (buf_[i] == ' ' || buf_[i] == '\t')) ++i;
        if (i > kMaxPadding) return Status::InvalidArgument("malformed multipart delimiter line");
        if (buf_.size() < i + 2) return Status::Ok();
        if (buf_.compare(i, 2, "--") == 0) {
          state_ = State::kDone;
          buf_.clear();
          return Status::Ok();
        }
        if (buf_.compare(i, 2, "\r\n") != 0) {
          return Status::InvalidArgument("malformed multipart delimiter line");
        }
        consume(i + 2);
        state_ = State::kHeaders;
        break;
      }
      case State::kHeaders: {
        if (buf_.size() < 2) return Status::Ok();
        size_t header_end, skip;
        if (buf_.compare(0, 2, "\r\n") == 0) {
          header_end = 0;
          skip = 2;
        } else {
          header_end = buf_.find("\r\n\r\n");
          if (header_end == std::string::npos) {
            if (buf_.size() > kMaxHeaderBytes)
              return Status::InvalidArgument("multipart part headers are too large");
            return Status::Ok();
          }
          skip = header_end + 4;
        }
        if (header_end > kMaxHeaderBytes)
          return Status::InvalidArgument("multipart part headers are too large");
        BI_RETURN_IF_ERROR(ParseHeaders(std::string_view(buf_).substr(0, header_end)));
        consume(skip);
        state_ = State::kData;
        break;
      }
      case State::kData: {
        size_t pos = buf_.find(delimiter_);
        if (pos == std::string::npos) {
          if (buf_.size() > keep) {
            size_t emit = buf_.size() - keep;
            if (cb_.on_data)
              BI_RETURN_IF_ERROR(
                  cb_.on_data(std::string_view(buf_).substr(0, emit), buf_offset_ - 2));
            consume(emit);
          }
          return Status::Ok();
        }
        if (pos > 0 && cb_.on_data)
          BI_RETURN_IF_ERROR(cb_.on_data(std::string_view(buf_).substr(0, pos), buf_offset_ - 2));
        if (cb_.on_part_end) BI_RETURN_IF_ERROR(cb_.on_part_end());
        consume(pos + delimiter_.size());
        state_ = State::kAfterDelimiter;
        break;
      }
      case State::kDone:
        buf_.clear();
        return Status::Ok();
    }
  }
}

Status MultipartParser::ParseHeaders(std::string_view block) {
  PartInfo info;
  bool disposition = false;
  while (!block.empty()) {
    size_t eol = block.find("\r\n");
    std::string_view line = block.substr(0, eol);
    block = eol == std::string_view::npos ? std::string_view() : block.substr(eol + 2);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos)
      return Status::InvalidArgument("malformed multipart part header");
    std::string_view name = Trim(line.substr(0, colon));
    std::string_view value = Trim(line.substr(colon + 1));
    if (IEquals(name, "Content-Disposition")) {
      size_t semi = value.find(';');
      if (!IEquals(Trim(value.substr(0, semi)), "form-data"))
        return Status::InvalidArgument("multipart part is not form-data");
      disposition = true;
      if (semi != std::string_view::npos) {
        ParseParams(value.substr(semi + 1), [&](std::string_view k, std::string v) {
          if (IEquals(k, "name")) info.name = std::move(v);
          if (IEquals(k, "filename")) {
            info.filename = std::move(v);
            info.has_filename = true;
          }
        });
      }
    } else if (IEquals(name, "Content-Type")) {
      info.content_type = std::string(value);
    }
  }
  if (!disposition)
    return Status::InvalidArgument("multipart part without Content-Disposition: form-data");
  if (cb_.on_part_begin) return cb_.on_part_begin(info);
  return Status::Ok();
}

}  // namespace bi::ingest
