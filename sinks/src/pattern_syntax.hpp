#pragma once

// spdlog 1.10's pattern grammar, read the way spdlog::pattern_formatter reads it
// (compile_pattern_ and handle_padspec_ in spdlog/pattern_formatter-inl.h), and written
// back in a spelling spdlog reads the same way. pattern_formatter() rewrites a user's pattern
// through these two, so the pattern spdlog finally compiles means what the user's meant.

#include <bitset>
#include <climits>
#include <string>
#include <string_view>
#include <vector>

#include <spdlog/pattern_formatter.h>

namespace fiberlog::detail {

// A set of flag characters, indexed by the character's unsigned value.
using flag_set = std::bitset<1u << CHAR_BIT>;

inline std::size_t flag_index(char c) noexcept { return static_cast<unsigned char>(c); }

// spdlog 1.10's own flag characters (`%v`, `%l`, ..., `%%`).
bool is_spdlog_flag(char c) noexcept;

// One `%` spec, or a stretch of text shown as it is.
struct pattern_token {
    enum class kind {
        text,      // bytes shown as they are: plain text, `%%`, an unknown flag such as `%y`
        flag,      // a flag for a custom formatter or spdlog's own: `%-8l`, `%G`
        funcname,  // spdlog's source function name, padded, never truncated: what `%8!y`
                   // becomes when y is no flag. No pattern spells it alone.
    };
    kind what = kind::text;
    std::string text;                        // kind::text
    char flag = 0;                           // kind::flag
    spdlog::details::padding_info padding;   // kind::flag and kind::funcname
};

// Splits `pattern` the way spdlog 1.10 does for a formatter whose custom flags are `custom`
// (which, as in spdlog, take precedence over spdlog's own flags, `%` included). A `%` with
// nothing or only a padding spec after it ends the pattern and shows nothing; widths are
// clamped to 64; a flag nobody knows shows as written, but after a truncating spec (`%5!y`)
// it becomes the padded function name and then the letter. Adjacent text is one token.
std::vector<pattern_token> parse_pattern(std::string_view pattern, const flag_set& custom);

// Appends `%`, a padding spec and `flag`, spelled so that spdlog reads back exactly that
// flag with that padding. `flag` must not be a digit, nor `!` with padding but no
// truncation: parse_pattern() yields neither.
void append_flag(std::string& pattern, char flag, const spdlog::details::padding_info& padding);

// Appends `text` so that spdlog shows it as it is (`%` doubled). Only for formatters
// without a custom `%` flag.
void append_text(std::string& pattern, std::string_view text);

}  // namespace fiberlog::detail
