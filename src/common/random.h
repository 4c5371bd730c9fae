#pragma once
// Cryptographically secure randomness from the kernel (getrandom), for ids, salts and secrets.

#include <cstddef>
#include <string>

namespace bi {

// `n` random bytes. Aborts if the kernel cannot supply them: nothing safe can continue.
std::string RandomBytes(size_t n);
// `n` random bytes as 2n lowercase hex digits.
std::string RandomHex(size_t n);
// `n` random bytes as unpadded base64url (URL- and file-name-safe).
std::string RandomBase64Url(size_t n);

}  // namespace bi
