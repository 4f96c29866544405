// fiberlog-tail reads big inputs in parallel chunks: its output must not depend on --threads,
// from a file or from stdin, in every output mode.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "log_writer.hpp"
#include "tail_process.hpp"
#include "temp_dir.hpp"

namespace {

using namespace fiberlog::tail::test;

// About 10 MB, a few of fiberlog-tail's chunks: many requests in flight, fiber trees, text
// lines, lines that are no record, multi-byte UTF-8 and a last line without its newline.
std::string big_log() {
    std::string out;
    std::uint64_t fiber = 100;
    for (int i = 0; out.size() < (std::size_t{10} << 20); ++i) {
        log_line l;
        l.ts_us += i * 1000 - (i % 7 == 0 ? 5000 : 0);
        l.fiber = fiber + static_cast<std::uint64_t>(i % 40);
        l.parent = i % 40 == 0 ? 1 : fiber;
        if (i % 200 == 199) fiber += 40;
        l.level = i % 9 == 0 ? "error" : "info";
        l.msg = "step " + std::to_string(i) + " caf\xc3\xa9 \xe2\x82\xac";
        l.ctx = {{"request_id", "r-" + std::to_string(fiber)}, {"attempt", std::int64_t{i % 3}}};
        out += (i % 11 == 0 ? text_line(l) : json_line(l, i % 13 == 0)) + "\n";
        if (i % 97 == 0) out += "  at frame " + std::to_string(i) + "\n";
    }
    out.pop_back();
    return out;
}

TEST(tail_threads, the_output_is_the_same_for_any_number_of_threads) {
    const temp_dir dir;
    const std::string text = big_log();
    const std::string path = dir.write("big.log", text);
    const std::vector<std::vector<std::string>> modes = {
        {"--count"},
        {"--output", "jsonl"},
        {},
        {"--by", "request_id", "--level", "error"},
        {"--tree", "100", "--count"},
    };
    for (const auto& mode : modes) {
        std::vector<std::string> one = mode, two = mode;
        one.insert(one.end(), {"--threads", "1", path});
        two.insert(two.end(), {"--threads", "2", path});
        const run_result a = run_tail(one), b = run_tail(two);
        ASSERT_EQ(a.status, 0) << a.err;
        ASSERT_EQ(b.status, 0) << b.err;
        EXPECT_FALSE(a.out.empty());
        EXPECT_EQ(a.out, b.out) << (mode.empty() ? "text" : mode[0]);
        EXPECT_EQ(a.err, b.err);
    }
    // stdin is copied to a file first, then read the same way.
    const run_result file = run_tail({"--output", "jsonl", "--threads", "1", path});
    const run_result piped = run_tail({"--output", "jsonl", "--threads", "3"}, text);
    ASSERT_EQ(piped.status, 0) << piped.err;
    EXPECT_EQ(piped.out, file.out);
}

TEST(tail_threads, threads_must_be_between_1_and_256) {
    for (const char* n : {"0", "257", "-1", "two"}) {
        const run_result r = run_tail({"--threads", n, "--count"});
        EXPECT_EQ(r.status, 2) << n;
        EXPECT_NE(r.err.find("--threads"), std::string::npos) << r.err;
    }
}

}  // namespace
