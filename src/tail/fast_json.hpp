#pragma once

// A reader for the JSON lines fiberlog writes, several times faster per line than simdjson's
// on-demand API, whose per-document set-up dominates on lines of a few hundred bytes.

#include <cstdint>
#include <string_view>
#include <vector>

#include "record.hpp"

namespace fiberlog::tail::detail {

// Reads "ts" values, remembering the last second seen in the writer's layout.
class timestamp_cache {
public:
    // As read_json_ts.
    bool read(std::string_view ts, std::int64_t& us) noexcept;

private:
    char second_[19] = {};  // "YYYY-MM-DDTHH:MM:SS"
    std::int64_t second_us_ = 0;
    bool valid_ = false;
};

class fast_json_reader {
public:
    // Fills `out` and returns true when `line` is strictly well-formed JSON (RFC 8259, UTF-8
    // checked) and a record by json_parser's rules. Returns false when it is not, and also for
    // valid forms this reader leaves to simdjson: escapes in keys, \u escapes of surrogates,
    // nesting deeper than 32, control characters. The caller then asks simdjson, so only lines
    // this reader accepts must give exactly simdjson's record. `line` must be followed by
    // line_padding readable bytes; the views point into the line or into this reader, until
    // the next call.
    bool read(std::string_view line, record& out);

private:
    std::vector<char> unescaped_;  // strings with escapes, unescaped; never shorter than a line
    timestamp_cache times_;
};

}  // namespace fiberlog::tail::detail
