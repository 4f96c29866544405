// Replays what the fuzzers found (fuzz/regressions/<harness>/, one file per crash) and the
// seed corpora (fuzz/corpus/<harness>/) through the harnesses' own property checks, so a
// fixed crash stays fixed in the normal suite, with the normal compiler.

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "checks/checks.hpp"

namespace fiberlog::fuzz {
namespace {

namespace fs = std::filesystem;
using check_fn = std::string (*)(const std::uint8_t*, std::size_t);

// Runs every file under fuzz/<kind>/<harness>/ through `check`; returns how many.
int replay(const char* kind, const char* harness, check_fn check) {
    const fs::path dir = fs::path(FIBERLOG_FUZZ_DIR) / kind / harness;
    EXPECT_TRUE(fs::is_directory(dir)) << dir;
    if (!fs::is_directory(dir)) return 0;
    int files = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (!entry.is_regular_file() || entry.path().filename().string().front() == '.') continue;
        std::ifstream in(entry.path(), std::ios::binary);
        const std::vector<char> bytes{std::istreambuf_iterator<char>(in),
                                      std::istreambuf_iterator<char>()};
        const std::string failure =
            check(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
        EXPECT_EQ(failure, "") << entry.path();
        ++files;
    }
    return files;
}

TEST(fuzz_regressions, json) {
    replay("regressions", "json", check_json);
    EXPECT_GT(replay("corpus", "json", check_json), 0);
}

TEST(fuzz_regressions, text) {
    replay("regressions", "text", check_text);
    EXPECT_GT(replay("corpus", "text", check_text), 0);
}

TEST(fuzz_regressions, traceparent) {
    replay("regressions", "traceparent", check_traceparent);
    EXPECT_GT(replay("corpus", "traceparent", check_traceparent), 0);
}

TEST(fuzz_regressions, tracestate) {
    replay("regressions", "tracestate", check_tracestate);
    EXPECT_GT(replay("corpus", "tracestate", check_tracestate), 0);
}

TEST(fuzz_regressions, baggage) {
    replay("regressions", "baggage", check_baggage);
    EXPECT_GT(replay("corpus", "baggage", check_baggage), 0);
}

#ifdef FIBERLOG_FUZZ_TAIL
TEST(fuzz_regressions, tail_line) {
    replay("regressions", "tail_line", check_tail_line);
    EXPECT_GT(replay("corpus", "tail_line", check_tail_line), 0);
}
#endif

}  // namespace
}  // namespace fiberlog::fuzz
