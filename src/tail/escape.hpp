#pragma once

// What fiberlog-tail shows on a terminal: message text and context values made safe to print.
// The log format's own escaping (JSON strings, %K's quoting) is log_format's; this adds only
// the terminal's concerns on top of it.

#include <string>
#include <string_view>

#include "record.hpp"

namespace fiberlog::tail {

// Appends a context value for display, quoted by %K's rule (log_format::text_needs_quotes) and
// also when it holds a character append_printable escapes; in double quotes with
// log_format's escapes and append_printable's. Numbers and booleans are never quoted.
void append_kv_value(std::string& out, const ctx_field& field);

// Appends `s` for display on a terminal: the ASCII controls (C0 and DEL) as log_format writes
// them (\n, \t, \u001b ...); the C1 controls U+0080-U+009F as \u00XX; each byte that is not
// UTF-8 as \xNN. So no message can move the cursor or forge a line, and what was in the log
// stays visible.
void append_printable(std::string& out, std::string_view s);

}  // namespace fiberlog::tail
