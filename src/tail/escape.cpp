#include "escape.hpp"

#include <fiberlog/log_format.hpp>

namespace fiberlog::tail {

namespace {

constexpr char hex_digits[] = "0123456789abcdef";

// Whether the UTF-8 sequence `c` (well-formed, at least 2 bytes) is a C1 control, U+0080-U+009F:
// harmless in a file, but an 8-bit terminal acts on some of them (U+009B is CSI).
bool is_c1(std::string_view c) noexcept {
    return static_cast<unsigned char>(c[0]) == 0xc2 && static_cast<unsigned char>(c[1]) <= 0x9f;
}

// The display escapes: what log_format escapes (inside quotes, `"` and `\` too), then the C1
// controls as \u00XX and each byte that is not UTF-8 as \xNN. Runs of bytes shown as they are
// are appended at once.
void append_display(std::string& out, std::string_view s, bool quoted) {
    std::size_t run = 0;  // start of the pending run of bytes shown as they are
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c < 0x7f && (!quoted || (c != '"' && c != '\\'))) {
            ++i;
            continue;
        }
        std::size_t n = 1;
        if (c >= 0x80) {
            n = log_format::utf8_sequence_length(s.substr(i));
            if (n != 0 && !is_c1(s.substr(i))) {
                i += n;
                continue;
            }
        }
        out.append(s.data() + run, i - run);
        if (c < 0x80) {
            log_format::append_ascii_escape(out, c);
        } else if (n != 0) {  // a C1 control
            const auto low = static_cast<unsigned char>(s[i + 1]);
            const char escaped[] = {'\\', 'u', '0', '0', hex_digits[low >> 4], hex_digits[low & 15]};
            out.append(escaped, sizeof escaped);
        } else {
            const char escaped[] = {'\\', 'x', hex_digits[c >> 4], hex_digits[c & 15]};
            out.append(escaped, sizeof escaped);
            n = 1;
        }
        run = i += n;
    }
    out.append(s.data() + run, s.size() - run);
}

// Whether the display escapes a character of `s` that %K writes as it is: a C1 control or a
// byte that is not UTF-8 (the ASCII ones make log_format quote the value anyway).
bool has_non_ascii_escape(std::string_view s) noexcept {
    for (std::size_t i = 0; i < s.size();) {
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            ++i;
            continue;
        }
        const std::size_t n = log_format::utf8_sequence_length(s.substr(i));
        if (n == 0 || is_c1(s.substr(i))) return true;
        i += n;
    }
    return false;
}

}  // namespace

void append_kv_value(std::string& out, const ctx_field& field) {
    const bool quoted = field.kind == value_kind::string &&
                        (log_format::text_needs_quotes(field.text) ||
                         has_non_ascii_escape(field.text));
    if (quoted) out += '"';
    append_display(out, field.text, quoted);
    if (quoted) out += '"';
}

void append_printable(std::string& out, std::string_view s) { append_display(out, s, false); }

}  // namespace fiberlog::tail
