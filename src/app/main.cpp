// The one binary: `bi serve | api | executor | admin ...`. See cli.h for the command table.

#include <cstdlib>  // defines __GLIBC__ on glibc
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "app/cli.h"

int main(int argc, char** argv) {
#if defined(__GLIBC__)
  // glibc raises its mmap threshold each time a large mmapped block is freed; large blocks then
  // come from the arenas of the threads that allocate them and stay there. With the worker
  // threads of CSV imports (src/ingest) a server kept ~28 MB more after every 97 MB import,
  // which malloc_trim did not get back. A fixed threshold (which turns that adjustment off)
  // keeps blocks of 1 MiB and more in mmap, returned when freed.
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
  return bi::app::RunCli(argc, argv);
}
