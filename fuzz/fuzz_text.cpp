// libFuzzer entry point: the text (key=value) escaper, text() and %K (fuzz/checks/check_text.cpp).
#include <cstdio>
#include <cstdlib>
#include <string>

#include "checks/checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string failure = fiberlog::fuzz::check_text(data, size);
    if (!failure.empty()) {
        std::fprintf(stderr, "fuzz_text: property violated: %s\n", failure.c_str());
        std::abort();
    }
    return 0;
}
