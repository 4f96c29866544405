#pragma once

// Picks the format of each line: '{' starts a JSON line (maybe after spaces or tabs, which JSON
// allows), '[' a text-pattern line.

#include <string_view>

#include "parse_json.hpp"
#include "parse_text.hpp"
#include "record.hpp"

namespace fiberlog::tail {

// True when `line` is a JSON object: '{' after optional JSON whitespace.
inline bool is_json_line(std::string_view line) noexcept {
    if (!line.empty() && line.front() == '{') return true;  // as fiberlog writes it
    const std::size_t first = line.find_first_not_of(" \t\r");
    return first != std::string_view::npos && line[first] == '{';
}

class line_parser {
public:
    // Fills `out` from one line (without its newline); false when the line is in neither
    // format. `line` must be followed by line_padding readable bytes. `out` stays valid until
    // the next call.
    bool parse(std::string_view line, record& out) {
        if (line.empty()) return false;
        if (line.front() == '[') return text_.parse(line, out);
        if (is_json_line(line)) return json_.parse(line, out);
        return false;
    }

    // With `wanted` false, JSON records may come without their context
    // (json_parser::want_context).
    void want_context(bool wanted) noexcept { json_.want_context(wanted); }

private:
    json_parser json_;
    text_parser text_;
};

}  // namespace fiberlog::tail
