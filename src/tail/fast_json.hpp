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

// The keys of the objects of the last line read, in order, each as its bytes `"key":`:
// fiberlog writes the same keys in the same order on every line, so a key is mostly
// recognized by one comparison instead of a scan and a lookup.
class key_memo {
public:
    static constexpr std::size_t max_bytes = 32;  // of `"key":`; longer keys are not kept

    struct key {
        char bytes[max_bytes];  // `"key":`, then zeros
        std::uint8_t size;
        std::uint8_t kind;  // the key's builtin
    };

    // The i-th key when `p` (followed by max_bytes readable bytes) starts with it.
    const key* match(std::size_t i, const char* p) const noexcept;
    // Remembers `name` (without escapes) as the i-th key.
    void remember(std::size_t i, std::string_view name, std::uint8_t kind);

private:
    std::vector<key> keys_;
};

class fast_json_reader {
public:
    // Fills `out` and returns true when `line` is strictly well-formed JSON (RFC 8259, UTF-8
    // checked) and a record by json_parser's rules. Returns false when it is not, and also for
    // valid forms this reader leaves to simdjson: escapes in keys, \u escapes of lone
    // surrogates, nesting deeper than 32, control characters. The caller then asks simdjson, so
    // only lines this reader accepts must give exactly simdjson's record. `line` must be followed
    // by line_padding readable bytes; the views point into the line or into this reader, until the
    // next call.
    bool read(std::string_view line, record& out);

    // With `wanted` false, read() leaves out.ctx empty: the context's values are still
    // checked as strictly, but not kept (grouping by fiber needs no context, and keeping it
    // is a tenth of a scan's time). True by default.
    void want_context(bool wanted) noexcept { context_wanted_ = wanted; }

private:
    std::vector<char> unescaped_;  // strings with escapes, unescaped; never shorter than a line
    timestamp_cache times_;
    key_memo top_keys_, ctx_keys_;
    bool context_wanted_ = true;
};

}  // namespace fiberlog::tail::detail
