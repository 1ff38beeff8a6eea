// Catch2 entry point for the client's native logic tests (tests/client).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
