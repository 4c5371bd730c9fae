#include "blob/s3_etag.h"

#include <openssl/evp.h>

namespace bi::blob::s3 {

bool EtagIsContentMd5(std::string_view etag, std::string_view sse, std::string_view sse_customer) {
  if (!sse_customer.empty() || (!sse.empty() && sse != "AES256")) return false;
  if (etag.size() != 34 || etag.front() != '"' || etag.back() != '"') return false;
  for (char c : etag.substr(1, 32)) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string Md5Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_md5(), nullptr);
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

std::string Md5Base64(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_md5(), nullptr);
  unsigned char encoded[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
  int n = EVP_EncodeBlock(encoded, digest, static_cast<int>(len));
  return std::string(reinterpret_cast<const char*>(encoded), n);
}

}  // namespace bi::blob::s3
