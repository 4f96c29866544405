#pragma once

// Helpers of the tests that run the fiberlog-tail executable and read its output.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tail_process.hpp"

namespace fiberlog::tail::test {

// The fixtures of tests/tail/data.
inline const std::string data_dir = FIBERLOG_TAIL_DATA_DIR;

// `text` split at its newlines; a last line without one counts too.
inline std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    for (std::size_t nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', start)) {
        lines.push_back(text.substr(start, nl - start));
        start = nl + 1;
    }
    if (start < text.size()) lines.push_back(text.substr(start));
    return lines;
}

// Each line of `text` parsed as JSON.
inline std::vector<nlohmann::json> parse_jsonl(const std::string& text) {
    std::vector<nlohmann::json> records;
    for (const std::string& line : split_lines(text)) records.push_back(nlohmann::json::parse(line));
    return records;
}

// Runs fiberlog-tail, expecting success (exit 0), and returns its stdout.
inline std::string tail_ok(const std::vector<std::string>& args, const std::string& input = {}) {
    const run_result r = run_tail(args, input);
    EXPECT_EQ(r.status, 0) << r.err;
    return r.out;
}

}  // namespace fiberlog::tail::test
