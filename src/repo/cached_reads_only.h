#pragma once
// A scope in which repository reads must not reach the store: a record that is not in a
// ReadCache fails at once with kUnavailable instead of being read. Quick paths on the HTTP I/O
// threads use it, so a request they cannot answer from memory is handed to the blocking pool
// rather than stalling every connection of that thread on storage (a busy SQLite file, or a
// network store). Per thread; scopes nest.

namespace bi::repo {

class CachedReadsOnly {
 public:
  CachedReadsOnly();
  ~CachedReadsOnly();
  CachedReadsOnly(const CachedReadsOnly&) = delete;
  CachedReadsOnly& operator=(const CachedReadsOnly&) = delete;

  // Whether the calling thread is inside such a scope.
  static bool Active();
};

}  // namespace bi::repo
