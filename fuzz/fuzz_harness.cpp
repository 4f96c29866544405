// libFuzzer entry point of every harness: fuzz_<name> runs fiberlog::fuzz::check_<name>
// (fuzz/checks/), which returns a description of the first property the input violated.
// fuzz/CMakeLists.txt builds this file once per harness, naming the check.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "checks/checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string failure = fiberlog::fuzz::FIBERLOG_FUZZ_CHECK(data, size);
    if (!failure.empty()) {
        std::fprintf(stderr, "%s: property violated: %s\n", FIBERLOG_FUZZ_NAME, failure.c_str());
        std::abort();
    }
    return 0;
}
