#pragma once

// Reads fiberlog's JSON lines, nested ("ctx":{...}) or flattened (context keys at top level).

#include <memory>
#include <string_view>

#include "record.hpp"

namespace fiberlog::tail {

class json_parser {
public:
    json_parser();
    ~json_parser();
    json_parser(const json_parser&) = delete;
    json_parser& operator=(const json_parser&) = delete;

    // Fills `out` from one line; false when the line is not a well-formed record (bad JSON,
    // trailing bytes, a built-in field of the wrong type, or no ts, level or fiber). `line`
    // must be followed by line_padding readable bytes.
    bool parse(std::string_view line, record& out);

    // The same with simdjson alone. parse() reads the lines fiberlog writes with a faster
    // reader of its own and leaves every other line to simdjson; the tests and the fuzzer
    // check that both give the same records.
    bool parse_with_simdjson(std::string_view line, record& out);

    // With `wanted` false, parse() may leave the context out of the records it fills
    // (fast_json_reader::want_context): for readers that never look at it.
    void want_context(bool wanted) noexcept;

private:
    struct impl;  // keeps simdjson's large header out of the other translation units
    std::unique_ptr<impl> impl_;
};

}  // namespace fiberlog::tail
