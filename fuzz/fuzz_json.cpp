// libFuzzer entry point: the JSON escaper and json_formatter (fuzz/checks/check_json.cpp).
#include <cstdio>
#include <cstdlib>
#include <string>

#include "checks/checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string failure = fiberlog::fuzz::check_json(data, size);
    if (!failure.empty()) {
        std::fprintf(stderr, "fuzz_json: property violated: %s\n", failure.c_str());
        std::abort();
    }
    return 0;
}
