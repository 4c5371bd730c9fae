#include <cstdio>
#include "bi/version.h"
int main() { std::printf("bi %s\n", bi::kVersion); }
