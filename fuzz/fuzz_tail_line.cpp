// libFuzzer entry point: fiberlog-tail's line parsers on any bytes (fuzz/checks/check_tail_line.cpp).
#include <cstdio>
#include <cstdlib>
#include <string>

#include "checks/checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string failure = fiberlog::fuzz::check_tail_line(data, size);
    if (!failure.empty()) {
        std::fprintf(stderr, "fuzz_tail_line: property violated: %s\n", failure.c_str());
        std::abort();
    }
    return 0;
}
