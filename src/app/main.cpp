// The one binary: `bi serve | api | executor | admin ...`. See cli.h for the command table.

#include "app/cli.h"

int main(int argc, char** argv) {
  return bi::app::RunCli(argc, argv);
}
