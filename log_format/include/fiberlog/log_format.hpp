#pragma once

// fiberlog's log format in one place: the rules its writers (the core's context text and
// JSON, the spdlog formatters) and its readers (fiberlog-tail, the fuzzers) share, so that
// they cannot drift apart. It is also the format's specification in code for anyone writing a
// reader: header-only, the C++17 standard library only (target fiberlog::log_format).
//
// The output functions append to any `out` with `out.append(const char* first, const char*
// last)`: std::string and fmt::memory_buffer (spdlog's memory_buf_t) both have it. They throw
// only what `out` throws; everything else here is noexcept. All of it is safe to call from
// any number of threads at once.

#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <variant>

namespace fiberlog::log_format {

// ---- Context keys ---------------------------------------------------------------------

/// A context key is 1 to max_key_size bytes, each one of key_chars: a key never needs
/// quoting or escaping, in JSON or in the text layout, so pairs stay parseable.
inline constexpr std::size_t max_key_size = 128;
inline constexpr std::string_view key_chars =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-";

/// Whether `c` may appear in a key: a letter, a digit, '_', '.' or '-'.
constexpr bool is_key_char(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '.' || c == '-';
}

/// Why `key` is not a valid context key, or nullptr when it is one: the reason fiberlog's
/// put(), scoped and context::with() give in their std::invalid_argument.
constexpr const char* key_error(std::string_view key) noexcept {
    if (key.empty()) return "a key must not be empty";
    if (key.size() > max_key_size) return "a key must be at most 128 bytes";
    for (char c : key)
        if (!is_key_char(c)) return "a key may hold only letters, digits, '_', '.' and '-'";
    return nullptr;
}

/// Whether `key` is a valid context key (key_error() has no objection).
constexpr bool is_valid_key(std::string_view key) noexcept { return key_error(key) == nullptr; }

// ---- Levels ----------------------------------------------------------------------------

/// The level names written in JSON's `level` and the text layout's `[%l]`: spdlog's, in
/// increasing severity.
inline constexpr std::array<std::string_view, 6> level_names{"trace",   "debug", "info",
                                                             "warning", "error", "critical"};

// ---- UTF-8 -----------------------------------------------------------------------------

/// The length (1 to 4) of the well-formed UTF-8 sequence at the front of `s`, or 0 when `s`
/// is empty or does not start with one: a stray continuation byte, an overlong form, a
/// surrogate, a code point above U+10FFFF, a truncated sequence. Where JSON needs valid
/// UTF-8, each byte that starts no sequence is replaced on its own by U+FFFD.
constexpr std::size_t utf8_sequence_length(std::string_view s) noexcept {
    if (s.empty()) return 0;
    auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    auto cont = [&](std::size_t i) { return i < s.size() && (b(i) & 0xC0) == 0x80; };
    const unsigned char c = b(0);
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (!cont(1) || !cont(2)) return 0;
        if (c == 0xE0 && b(1) < 0xA0) return 0;   // overlong
        if (c == 0xED && b(1) >= 0xA0) return 0;  // UTF-16 surrogate
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (!cont(1) || !cont(2) || !cont(3)) return 0;
        if (c == 0xF0 && b(1) < 0x90) return 0;   // overlong
        if (c == 0xF4 && b(1) >= 0x90) return 0;  // above U+10FFFF
        return 4;
    }
    return 0;
}

// ---- Writing: numbers -----------------------------------------------------------------

template <class Out>
void append(Out& out, std::string_view s) {
    out.append(s.data(), s.data() + s.size());
}

/// An integer in decimal, exactly (std::uint64_t up to 18446744073709551615 too).
template <class Out, class Int>
void append_decimal(Out& out, Int n) {
    static_assert(std::is_integral_v<Int> && !std::is_same_v<Int, bool>);
    char buf[24];
    const auto res = std::to_chars(buf, buf + sizeof buf, n);
    out.append(buf, res.ptr);
}

/// A double in the shortest form that reads back as exactly it (2.5, 1e+300, 3), or nan, inf,
/// -inf: what fiberlog::to_string() gives.
template <class Out>
void append_shortest(Out& out, double d) {
    if (std::isnan(d)) return append(out, "nan");
    if (std::isinf(d)) return append(out, d < 0 ? "-inf" : "inf");
    char buf[32];
    const auto res = std::to_chars(buf, buf + sizeof buf, d);
    out.append(buf, res.ptr);
}

/// A double as a typed token, in JSON and in the text layout: append_shortest() plus ".0"
/// when the shortest form would read back as an integer (3 -> 3.0), so that a reader tells
/// a double from an integer (number_kind()).
template <class Out>
void append_typed_double(Out& out, double d) {
    if (!std::isfinite(d)) return append_shortest(out, d);
    char buf[34];
    auto res = std::to_chars(buf, buf + 32, d);
    const std::string_view s(buf, static_cast<std::size_t>(res.ptr - buf));
    if (s.find_first_of(".e") == std::string_view::npos) {
        *res.ptr++ = '.';
        *res.ptr++ = '0';
    }
    out.append(buf, res.ptr);
}

// ---- Writing: escapes -----------------------------------------------------------------

/// Writes the escape a quoted string (a JSON string, a quoted text value) uses for the ASCII
/// byte `c` and returns true, or writes nothing and returns false when `c` is written as it
/// is. Escaped: `"` and `\` as \" and \\; JSON's short escapes \b \f \n \r \t; every other
/// control character (U+0000-U+001F) and DEL as \u00XX, lowercase hex.
template <class Out>
bool append_ascii_escape(Out& out, unsigned char c) {
    switch (c) {
        case '"': append(out, "\\\""); return true;
        case '\\': append(out, "\\\\"); return true;
        case '\b': append(out, "\\b"); return true;
        case '\f': append(out, "\\f"); return true;
        case '\n': append(out, "\\n"); return true;
        case '\r': append(out, "\\r"); return true;
        case '\t': append(out, "\\t"); return true;
        default:
            if (c < 0x20 || c == 0x7f) {
                static constexpr char hex[] = "0123456789abcdef";
                const char buf[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
                out.append(buf, buf + 6);
                return true;
            }
            return false;
    }
}

/// The body of a JSON string (no quotes around it), valid JSON whatever `s` holds: ASCII
/// escaped as append_ascii_escape() says; well-formed UTF-8 written as it is (a valid
/// character is never rewritten); each byte that starts no well-formed sequence as the escape
/// \ufffd, so that a real U+FFFD in the text and a replaced byte stay distinguishable in the
/// file, while every parser reads U+FFFD for both.
template <class Out>
void append_json_body(Out& out, std::string_view s) {
    std::size_t run = 0;  // start of the pending run of bytes copied verbatim
    std::size_t i = 0;
    auto flush = [&] { out.append(s.data() + run, s.data() + i); };
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
            ++i;
            continue;
        }
        if (c >= 0x80) {
            const std::size_t n = utf8_sequence_length(s.substr(i));
            if (n != 0) {
                i += n;
                continue;
            }
            flush();
            append(out, "\\ufffd");
        } else {
            flush();
            append_ascii_escape(out, c);
        }
        run = ++i;
    }
    flush();
}

/// `s` as a JSON string: append_json_body() in double quotes.
template <class Out>
void append_json_string(Out& out, std::string_view s) {
    append(out, "\"");
    append_json_body(out, s);
    append(out, "\"");
}

// ---- Reading: what a token is ---------------------------------------------------------

/// What a reader makes of a value: a bare (unquoted) text value, or a JSON value.
enum class value_kind : std::uint8_t { string, integer, floating, boolean };

/// Whether `s` is a number by JSON's grammar (RFC 8259): -12, 0, 2.5, 1e+300, 3.0; not 01,
/// 1., .5, +1, 1e, inf.
constexpr bool is_json_number(std::string_view s) noexcept {
    auto digit = [&](std::size_t i) { return i < s.size() && s[i] >= '0' && s[i] <= '9'; };
    std::size_t i = 0;
    if (i < s.size() && s[i] == '-') ++i;
    if (!digit(i)) return false;
    if (s[i] == '0') {
        ++i;
    } else {
        while (digit(i)) ++i;
    }
    if (i < s.size() && s[i] == '.') {
        if (!digit(++i)) return false;
        while (digit(i)) ++i;
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
        if (!digit(i)) return false;
        while (digit(i)) ++i;
    }
    return i == s.size();
}

/// The kind of a number token as written (JSON, or a bare text value): an integer unless it
/// has a fraction or an exponent, which is how the writers mark a double (3.0, 1e+300).
constexpr value_kind number_kind(std::string_view token) noexcept {
    return token.find_first_of(".eE") == std::string_view::npos ? value_kind::integer
                                                                : value_kind::floating;
}

/// How a reader types a bare text value: `true`/`false` a boolean; `nan`, `inf`, `-inf` (the
/// writers' non-finite doubles) and JSON numbers by number_kind(); anything else a string.
/// text_needs_quotes() quotes every string this would not read back as a string.
constexpr value_kind bare_kind(std::string_view s) noexcept {
    if (s == "true" || s == "false") return value_kind::boolean;
    if (s == "nan" || s == "inf" || s == "-inf") return value_kind::floating;
    if (is_json_number(s)) return number_kind(s);
    return value_kind::string;
}

// ---- Reading: escapes -----------------------------------------------------------------

/// The value of the hex digit `c` (0-9, a-f, A-F), or -1 when it is none.
constexpr int hex_digit_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/// Whether `cp` is a UTF-16 surrogate (U+D800-U+DFFF): a \u escape may name one, UTF-8 holds
/// none.
constexpr bool is_surrogate(char32_t cp) noexcept { return cp >= 0xD800 && cp <= 0xDFFF; }

/// One escape of a quoted string, as read_escape() reads it.
struct escape {
    std::size_t size;     // its bytes, the backslash included; 0 when there is no valid escape
    char32_t code_point;  // the character it stands for
};

/// Reads the escape at the front of `s`, which starts at its backslash: one of \" \\ \/ \b \f
/// \n \r \t (2 bytes), or \uXXXX with four hex digits of either case (6 bytes). A high
/// surrogate's \uXXXX followed by a low surrogate's is one escape of 12 bytes: the pair's
/// code point. A lone surrogate (a low one, or a high one without its low one) is read as it
/// is, 6 bytes, for the reader to decide: append_utf8() writes U+FFFD for it, a strict JSON
/// reader may reject it. Size 0 when `s` does not start with a valid escape: no backslash, an
/// unknown letter, fewer than four hex digits, a truncated escape. fiberlog's writers escape
/// only ASCII (append_ascii_escape()) and U+FFFD; a reader takes every escape JSON has.
constexpr escape read_escape(std::string_view s) noexcept {
    if (s.size() < 2 || s[0] != '\\') return {0, 0};
    switch (s[1]) {
        case '"': return {2, '"'};
        case '\\': return {2, '\\'};
        case '/': return {2, '/'};
        case 'b': return {2, '\b'};
        case 'f': return {2, '\f'};
        case 'n': return {2, '\n'};
        case 'r': return {2, '\r'};
        case 't': return {2, '\t'};
        case 'u': break;
        default: return {0, 0};
    }
    // The four hex digits of the \u escape at `at`, or a value above 0xFFFF when they are not.
    auto hex4 = [&](std::size_t at) -> char32_t {
        if (s.size() < at + 6 || s[at] != '\\' || s[at + 1] != 'u') return 0x10000;
        char32_t cp = 0;
        for (std::size_t i = at + 2; i < at + 6; ++i) {
            const int h = hex_digit_value(s[i]);
            if (h < 0) return 0x10000;
            cp = cp << 4 | static_cast<char32_t>(h);
        }
        return cp;
    };
    const char32_t cp = hex4(0);
    if (cp > 0xFFFF) return {0, 0};
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        const char32_t low = hex4(6);
        if (low >= 0xDC00 && low <= 0xDFFF)
            return {12, 0x10000 + ((cp - 0xD800) << 10 | (low - 0xDC00))};
    }
    return {6, cp};
}

/// Appends the code point `cp` in UTF-8, 1 to 4 bytes; one that UTF-8 cannot hold (a
/// surrogate, from a lone \u escape, or a value above U+10FFFF) as U+FFFD.
template <class Out>
void append_utf8(Out& out, char32_t cp) {
    if (is_surrogate(cp) || cp > 0x10FFFF) cp = 0xFFFD;
    char buf[4];
    std::size_t n = 0;
    if (cp < 0x80) {
        buf[n++] = static_cast<char>(cp);
    } else if (cp < 0x800) {
        buf[n++] = static_cast<char>(0xC0 | cp >> 6);
        buf[n++] = static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        buf[n++] = static_cast<char>(0xE0 | cp >> 12);
        buf[n++] = static_cast<char>(0x80 | (cp >> 6 & 0x3F));
        buf[n++] = static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        buf[n++] = static_cast<char>(0xF0 | cp >> 18);
        buf[n++] = static_cast<char>(0x80 | (cp >> 12 & 0x3F));
        buf[n++] = static_cast<char>(0x80 | (cp >> 6 & 0x3F));
        buf[n++] = static_cast<char>(0x80 | (cp & 0x3F));
    }
    out.append(buf, buf + n);
}

/// Reads the body of a quoted string -- a quoted text value, a JSON string -- from the front
/// of `s`, which starts just past the opening quote, through its closing quote, and appends
/// the bytes it stands for to `out`: each escape as read_escape() reads it, in UTF-8 by
/// append_utf8() (a lone surrogate as U+FFFD), every other byte as it is. Returns how many
/// bytes of `s` it read, the closing quote included; 0 when `s` has no closing quote or holds
/// an invalid escape (`out` may then hold part of the value). It appends at most as many
/// bytes as it reads, so an `out` with that room never allocates. Nothing else is checked: a
/// strict JSON reader rejects raw control characters and invalid UTF-8 itself, while the
/// text layout's quoted values keep such bytes as they are.
template <class Out>
std::size_t read_quoted_body(std::string_view s, Out& out) {
    std::size_t run = 0;  // start of the pending run of bytes copied as they are
    for (std::size_t i = 0; i < s.size();) {
        const char c = s[i];
        if (c != '"' && c != '\\') {
            ++i;
            continue;
        }
        out.append(s.data() + run, s.data() + i);
        if (c == '"') return i + 1;
        const escape e = read_escape(s.substr(i));
        if (e.size == 0) return 0;
        append_utf8(out, e.code_point);
        run = i += e.size;
    }
    return 0;
}

// ---- Writing: the text layout's values ------------------------------------------------

/// Whether the byte `c` makes a text value need quotes: a space or another control character,
/// DEL, `"`, `=`, `\`, `{`, `}` -- the bytes that could end a pair, forge one, or end the
/// `{...}` of the layout.
constexpr bool forces_quotes(unsigned char c) noexcept {
    return c <= 0x20 || c == 0x7f || c == '"' || c == '=' || c == '\\' || c == '{' || c == '}';
}

/// Whether a string value is written in double quotes in the text layout (`%K`, `%N`, `%W`):
/// it is empty, holds a byte forces_quotes() names, is `true` or `false`, or std::from_chars
/// reads all of it as an integer or a double, in range or not (`42`, `007`, `2.5`, `1.`,
/// `1e999`, `nan`, `INF`). That covers every string bare_kind() would not read back as a
/// string, and what a lenient reader might take for a number.
inline bool text_needs_quotes(std::string_view s) noexcept {
    if (s.empty() || s == "true" || s == "false") return true;
    for (char c : s)
        if (forces_quotes(static_cast<unsigned char>(c))) return true;
    const char* end = s.data() + s.size();
    std::int64_t i = 0;
    if (std::from_chars(s.data(), end, i).ptr == end) return true;
    double d = 0;
    return std::from_chars(s.data(), end, d).ptr == end;
}

/// A string value in the text layout: as it is when text_needs_quotes() allows, else in
/// double quotes with append_ascii_escape()'s escapes. Bytes from 0x80 up are always written
/// as they are, invalid UTF-8 too, so a text value reads back exactly.
template <class Out>
void append_text_string(Out& out, std::string_view s) {
    if (!text_needs_quotes(s)) return append(out, s);
    append(out, "\"");
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80 || (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')) continue;
        out.append(s.data() + run, s.data() + i);
        append_ascii_escape(out, c);
        run = i + 1;
    }
    out.append(s.data() + run, s.data() + s.size());
    append(out, "\"");
}

// ---- Writing: typed values ------------------------------------------------------------

namespace detail {

template <class T>
struct is_variant : std::false_type {};
template <class... T>
struct is_variant<std::variant<T...>> : std::true_type {};

template <class T>
inline constexpr bool always_false = false;

}  // namespace detail

/// A context value in the text layout, by its type: a string (anything convertible to
/// std::string_view) by append_text_string(); an integer in decimal; a double by
/// append_typed_double() (nan, inf, -inf bare); a bool as true or false. A std::variant of
/// those (fiberlog::value) is written as the alternative it holds.
template <class Out, class T>
void append_text_value(Out& out, const T& v) {
    if constexpr (detail::is_variant<T>::value) {
        std::visit([&](const auto& alt) { append_text_value(out, alt); }, v);
    } else if constexpr (std::is_same_v<T, bool>) {
        append(out, v ? "true" : "false");
    } else if constexpr (std::is_integral_v<T>) {
        append_decimal(out, v);
    } else if constexpr (std::is_floating_point_v<T>) {
        append_typed_double(out, static_cast<double>(v));
    } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
        append_text_string(out, std::string_view(v));
    } else {
        static_assert(detail::always_false<T>, "not a context value type");
    }
}

/// A context value in JSON, type kept: a string as a JSON string; an integer in decimal; a
/// finite double by append_typed_double(); a bool as true or false. JSON has no NaN or
/// infinity: those become the strings "nan", "inf", "-inf" (what to_string() gives). A
/// std::variant of those types is written as the alternative it holds.
template <class Out, class T>
void append_json_value(Out& out, const T& v) {
    if constexpr (detail::is_variant<T>::value) {
        std::visit([&](const auto& alt) { append_json_value(out, alt); }, v);
    } else if constexpr (std::is_same_v<T, bool>) {
        append(out, v ? "true" : "false");
    } else if constexpr (std::is_integral_v<T>) {
        append_decimal(out, v);
    } else if constexpr (std::is_floating_point_v<T>) {
        const auto d = static_cast<double>(v);
        if (std::isfinite(d)) return append_typed_double(out, d);
        append(out, "\"");
        append_shortest(out, d);
        append(out, "\"");
    } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
        append_json_string(out, std::string_view(v));
    } else {
        static_assert(detail::always_false<T>, "not a context value type");
    }
}

// ---- JSON lines -----------------------------------------------------------------------

/// The built-in fields of a JSON line (fiberlog::json_formatter()), one constant per name.
namespace field {
inline constexpr std::string_view ts = "ts";          // RFC 3339, UTC, microseconds
inline constexpr std::string_view level = "level";    // one of level_names
inline constexpr std::string_view logger = "logger";  // a string
inline constexpr std::string_view fiber = "fiber";    // a number, the fiber id
inline constexpr std::string_view parent = "parent";  // a number, its parent's id
inline constexpr std::string_view thread = "thread";  // a number, the OS thread id
inline constexpr std::string_view service = "service";  // a string: the process identity
inline constexpr std::string_view host = "host";        // a string
inline constexpr std::string_view pid = "pid";          // a number
inline constexpr std::string_view trace_id = "trace_id";  // 32 lowercase hex digits
inline constexpr std::string_view span_id = "span_id";    // 16 lowercase hex digits
inline constexpr std::string_view parent_span_id = "parent_span_id";  // 16 lowercase hex digits
inline constexpr std::string_view msg = "msg";                // a string, the message
inline constexpr std::string_view deadline_ms = "deadline_ms";  // a number
inline constexpr std::string_view ctx = "ctx";                // an object, the context
}  // namespace field

/// Every built-in field, in the order a line holds them. The trace fields appear only in a
/// trace (parent_span_id only when the span has a parent), deadline_ms only with a deadline;
/// with json_options::flatten_context the context's pairs take the place of `ctx`.
inline constexpr std::array<std::string_view, 15> builtin_fields{
    field::ts,      field::level,   field::logger,         field::fiber, field::parent,
    field::thread,  field::service, field::host,           field::pid,   field::trace_id,
    field::span_id, field::parent_span_id, field::msg,     field::deadline_ms, field::ctx};

/// How many lowercase hex digits a trace_id holds, and a span_id or a parent_span_id: the
/// sizes of W3C Trace Context's ids.
inline constexpr std::size_t trace_id_digits = 32;
inline constexpr std::size_t span_id_digits = 16;

/// Whether `s` is exactly `digits` lowercase hex digits (0-9, a-f): the shape of a trace
/// field's value (trace_id_digits, span_id_digits).
constexpr bool is_lower_hex(std::string_view s, std::size_t digits) noexcept {
    if (s.size() != digits) return false;
    // No branch per digit: ids are random, so such a branch is mispredicted half of the time
    // (bench_tail's trace ids showed it).
    unsigned bad = 0;
    for (const char c : s) {
        const unsigned u = static_cast<unsigned char>(c);
        bad |= static_cast<unsigned>(u - '0' > 9) & static_cast<unsigned>(u - 'a' > 5);
    }
    return bad == 0;
}

/// What a flattened line puts before a context key that is a built-in field's name or starts
/// with this prefix itself, so that no field is shadowed and the mapping reverses.
inline constexpr std::string_view context_prefix = "ctx.";

/// Whether `name` is one of builtin_fields.
constexpr bool is_builtin_field(std::string_view name) noexcept {
    for (std::string_view f : builtin_fields)
        if (name == f) return true;
    return false;
}

/// Whether a flattened line writes the context key `key` as context_prefix + key.
constexpr bool needs_context_prefix(std::string_view key) noexcept {
    return key.substr(0, context_prefix.size()) == context_prefix || is_builtin_field(key);
}

/// The context key a field of a flattened line stands for, when it is no built-in field: the
/// name with one context_prefix removed.
constexpr std::string_view context_key(std::string_view name) noexcept {
    return name.substr(0, context_prefix.size()) == context_prefix
               ? name.substr(context_prefix.size())
               : name;
}

// ---- The text layout ------------------------------------------------------------------

/// The default text layout as a spdlog pattern (fiberlog::default_pattern): spdlog's own
/// default with microseconds, then the fiber and parent ids and the context (`%K`) before
/// the message: `[2026-11-23 10:00:00.123456] [app] [info] [12/3] {request_id=r-1} loaded`.
inline constexpr std::string_view default_pattern =
    "[%Y-%m-%d %H:%M:%S.%f] [%n] [%l] [%G/%J] {%K} %v";

/// The same layout as a reader meets it, piece by piece: line_open, the local time
/// (time_format: YYYY-MM-DD HH:MM:SS.ffffff), field_separator, the logger name as logged,
/// field_separator, a level name, field_separator, the fiber id, id_separator, the parent
/// id, context_open, the `%K` pairs, context_close, the message as logged (its own line
/// breaks included: the lines after a record that are no record continue it).
namespace text_layout {
inline constexpr std::string_view line_open = "[";
inline constexpr std::string_view time_format = "%Y-%m-%d %H:%M:%S.%f";
inline constexpr std::string_view field_separator = "] [";
inline constexpr std::string_view id_separator = "/";
inline constexpr std::string_view context_open = "] {";
inline constexpr std::string_view context_close = "} ";
}  // namespace text_layout

namespace detail {
// Whether `pattern` is exactly `pieces`, one after another.
template <std::size_t N>
constexpr bool is_sequence(std::string_view pattern,
                           const std::array<std::string_view, N>& pieces) noexcept {
    for (std::string_view p : pieces) {
        if (pattern.substr(0, p.size()) != p) return false;
        pattern.remove_prefix(p.size());
    }
    return pattern.empty();
}
}  // namespace detail

// The pieces above are default_pattern, exactly.
static_assert(detail::is_sequence(
    default_pattern,
    std::array<std::string_view, 14>{
        text_layout::line_open, text_layout::time_format, text_layout::field_separator, "%n",
        text_layout::field_separator, "%l", text_layout::field_separator, "%G",
        text_layout::id_separator, "%J", text_layout::context_open, "%K",
        text_layout::context_close, "%v"}));

}  // namespace fiberlog::log_format
