// fiberlog-tail reads big inputs in parallel chunks: its output must not depend on --threads,
// from a file or from stdin, in every output mode.

#include <gtest/gtest.h>

#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "log_writer.hpp"
#include "tail_process.hpp"
#include "temp_dir.hpp"

namespace {

using namespace fiberlog::tail::test;

// About 10 MB, a few of fiberlog-tail's chunks: many requests in flight, fiber trees, text
// lines, JSON lines with every field fiberlog writes (the process identity and, on some, the
// trace context), lines that are no record, multi-byte UTF-8 and a last line without its
// newline. Another process's log starts from other fiber ids, at other times.
std::string big_log(std::uint64_t first_fiber = 100, std::int64_t shift_us = 0) {
    std::string out;
    std::uint64_t fiber = first_fiber;
    for (int i = 0; out.size() < (std::size_t{10} << 20); ++i) {
        log_line l;
        l.ts_us += shift_us + i * 1000 - (i % 7 == 0 ? 5000 : 0);
        l.fiber = fiber + static_cast<std::uint64_t>(i % 40);
        l.parent = i % 40 == 0 ? 1 : fiber;
        if (i % 200 == 199) fiber += 40;
        l.level = i % 9 == 0 ? "error" : "info";
        l.msg = "step " + std::to_string(i) + " caf\xc3\xa9 \xe2\x82\xac";
        l.ctx = {{"request_id", "r-" + std::to_string(fiber)}, {"attempt", std::int64_t{i % 3}}};
        l.service = i % 2 == 0 ? "orders" : "billing";
        l.host = "pod-7";
        l.pid = 311;
        if (i % 3 != 0) {
            char id[33];
            std::snprintf(id, sizeof id, "%032x", static_cast<unsigned>(fiber) * 2654435761u);
            l.trace_id = id;
            std::snprintf(id, sizeof id, "%016x", static_cast<unsigned>(i) * 40503u + 1);
            l.span_id = id;
            if (i % 3 == 2) l.parent_span_id = std::string(15, '0') + "1";
        }
        out += (i % 11 == 0 ? text_line(l) : json_line(l, i % 13 == 0)) + "\n";
        if (i % 97 == 0) out += "  at frame " + std::to_string(i) + "\n";
    }
    out.pop_back();
    return out;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
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
    // Two inputs are merged by time, chunk by chunk.
    const std::string other = dir.write("other.log", big_log(1'000'000, 333));
    for (const std::vector<std::string>& files : {std::vector{path}, std::vector{path, other}}) {
        for (const auto& mode : modes) {
            std::vector<std::string> one = mode, two = mode;
            one.insert(one.end(), {"--threads", "1"});
            two.insert(two.end(), {"--threads", "2"});
            one.insert(one.end(), files.begin(), files.end());
            two.insert(two.end(), files.begin(), files.end());
            const run_result a = run_tail(one), b = run_tail(two);
            ASSERT_EQ(a.status, 0) << a.err;
            ASSERT_EQ(b.status, 0) << b.err;
            EXPECT_FALSE(a.out.empty());
            EXPECT_EQ(a.out, b.out)
                << (mode.empty() ? "text" : mode[0]) << ", " << files.size() << " inputs";
            EXPECT_EQ(a.err, b.err);
        }
    }
    // jsonl re-emits every JSON record as it was written, every field kept.
    const run_result jsonl = run_tail({"--output", "jsonl", "--threads", "2", path});
    std::multiset<std::string> json_records;
    for (const std::string& line : lines_of(text)) {
        if (line.rfind("{\"ts\"", 0) == 0) json_records.insert(line);
    }
    std::size_t traced = 0;
    for (const std::string& line : lines_of(jsonl.out)) {
        const auto it = json_records.find(line);
        if (it == json_records.end()) continue;  // a text record or a line that is no record
        traced += line.find("\"parent_span_id\":\"") != std::string::npos ? 1 : 0;
        json_records.erase(it);
    }
    EXPECT_TRUE(json_records.empty()) << json_records.size() << " JSON records not re-emitted";
    EXPECT_GT(traced, 0u);
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
