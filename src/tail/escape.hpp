#pragma once

// Escaping rules shared by the readers and the writers: JSON strings, the text pattern's %K
// values, and message text made safe for a terminal.

#include <string>
#include <string_view>

#include "record.hpp"

namespace fiberlog::tail {

// True when `s` is a number in JSON's grammar ("-12", "2.5", "1e+300").
bool is_json_number(std::string_view s) noexcept;

// Appends `s` as a quoted JSON string, control characters (C1 and DEL too) escaped. Bytes that
// are not valid UTF-8 become U+FFFD, so the result is always valid JSON.
void append_json_string(std::string& out, std::string_view s);

// Appends a context value for display, quoted by %K's rule: bare unless it is an empty string,
// holds a space, '"', '=', '\\', a brace, or a character append_printable escapes, or is a
// string that would read as a number or a boolean; else in double quotes, with \" and \\ and
// append_printable's escapes.
void append_kv_value(std::string& out, const ctx_field& field);

// Appends `s` for display on a terminal: \n, \r, \t; the other control characters (C0, DEL
// and the C1 range U+0080-U+009F) as \u00XX; each byte that is not UTF-8 as \xNN. So no
// message can move the cursor or forge a line, and what was in the log stays visible.
void append_printable(std::string& out, std::string_view s);

}  // namespace fiberlog::tail
