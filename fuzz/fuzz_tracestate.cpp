// libFuzzer entry point: the tracestate header, read and written
// (fuzz/checks/check_tracestate.cpp).
#include <cstdio>
#include <cstdlib>
#include <string>

#include "checks/checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string failure = fiberlog::fuzz::check_tracestate(data, size);
    if (!failure.empty()) {
        std::fprintf(stderr, "fuzz_tracestate: property violated: %s\n", failure.c_str());
        std::abort();
    }
    return 0;
}
