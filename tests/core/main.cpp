// Catch2 entry point for the core tests (native and WASM builds share it).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
