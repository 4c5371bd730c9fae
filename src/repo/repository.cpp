#include "repo/repository.h"

#include <chrono>

#include "common/random.h"

namespace bi::repo {

int64_t SystemNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string NewId() {
  return RandomBase64Url(16);
}

}  // namespace bi::repo
