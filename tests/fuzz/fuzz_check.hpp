// What every fuzz harness shares: FUZZ_CHECK, an assertion that stays on in release builds
// (NDEBUG) and aborts with the failed condition, so libFuzzer records a crasher and the
// corpus replay in `make test` fails.
#pragma once

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond)                                                                 \
  do {                                                                                   \
    if (!(cond)) {                                                                       \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                      \
    }                                                                                    \
  } while (false)
