#pragma once

// Picks the format of each line: '{' starts a JSON line, '[' a text-pattern line.

#include <string_view>

#include "parse_json.hpp"
#include "parse_text.hpp"
#include "record.hpp"

namespace fiberlog::tail {

class line_parser {
public:
    // Fills `out` from one line (without its newline); false when the line is in neither
    // format. `line` must be followed by line_padding readable bytes. `out` stays valid until
    // the next call.
    bool parse(std::string_view line, record& out) {
        if (line.empty()) return false;
        if (line.front() == '{') return json_.parse(line, out);
        if (line.front() == '[') return text_.parse(line, out);
        return false;
    }

private:
    json_parser json_;
    text_parser text_;
};

}  // namespace fiberlog::tail
