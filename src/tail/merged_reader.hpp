#pragma once

// Reads several inputs as one sequence of lines, merged by timestamp.

#include <cstdint>
#include <deque>
#include <functional>
#include <queue>
#include <string_view>
#include <utility>
#include <vector>

#include "input.hpp"
#include "line_parser.hpp"
#include "line_reader.hpp"
#include "record.hpp"

namespace fiberlog::tail {

struct merged_line {
    std::uint16_t input;
    std::uint64_t offset;
    std::string_view text;  // without the newline; followed by line_padding readable bytes
    const record* rec;      // nullptr when the line is no record
};

// The merge is stable: on equal timestamps the earlier input comes first, and the lines of
// one input keep their order. A line that is no record takes the timestamp of the record
// before it in its input, so it stays next to it. Empty lines are skipped.
class merged_reader {
public:
    // Reads every input from its beginning. Throws io_error.
    explicit merged_reader(const std::vector<input>& inputs);

    // The next line; false after the last. The line stays valid until the next call.
    bool next(merged_line& out);

private:
    struct cursor {
        explicit cursor(const input& in) : reader(in.fd.get(), in.name, 0) {}

        line_reader reader;
        line_parser parser;
        record rec;
        std::string_view text;
        std::uint64_t offset = 0;
        bool parsed = false;
        std::int64_t ts_us = INT64_MIN;
    };
    using head = std::pair<std::int64_t, std::uint16_t>;  // (timestamp, input): min first

    // Reads the next non-empty line of input `i` and queues it, unless the input has ended.
    void advance(std::uint16_t i);

    std::deque<cursor> cursors_;  // cursors do not move: records point into their parsers
    std::priority_queue<head, std::vector<head>, std::greater<>> heads_;
    int to_advance_ = -1;  // the input whose line was handed out last
};

}  // namespace fiberlog::tail
