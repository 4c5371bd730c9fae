#include "repo/cached_reads_only.h"

namespace bi::repo {
namespace {
thread_local int depth = 0;
}  // namespace

CachedReadsOnly::CachedReadsOnly() {
  ++depth;
}
CachedReadsOnly::~CachedReadsOnly() {
  --depth;
}
bool CachedReadsOnly::Active() {
  return depth > 0;
}

}  // namespace bi::repo
