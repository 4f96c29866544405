#pragma once

// Reads lines of fiberlog's default text pattern:
//   [%Y-%m-%d %H:%M:%S.%f] [%n] [%l] [%G/%J] {%K} %v
//   [2026-11-23 10:00:00.123456] [app] [info] [12/3] {request_id=r-1 note="two words"} hello

#include <string>
#include <string_view>

#include "record.hpp"
#include "time.hpp"

namespace fiberlog::tail {

class text_parser {
public:
    // Fills `out` from one line; false when the line does not follow the pattern. The
    // timestamp is local time (the TZ environment variable's zone). `line` may also be a
    // record with the lines that continue its message ("\n" or "\r\n" between them): the
    // message then holds them all, joined by "\n".
    bool parse(std::string_view line, record& out);

private:
    std::string_view without_carriage_returns(std::string_view msg);

    bool read_context(std::string_view& s, record& out);
    bool read_quoted(std::string_view& s, std::string_view& value);

    // Unescaped quoted values. Reserved to the line's length before parsing (unescaping never
    // grows a value), so the views handed out stay valid while the line is parsed.
    std::string unescaped_;
    local_time_converter local_time_;
};

}  // namespace fiberlog::tail
