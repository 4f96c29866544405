#include "fast_json.hpp"

#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <fiberlog/log_format.hpp>

#include "json_fields.hpp"

namespace fiberlog::tail::detail {

namespace {

constexpr int max_depth = 32;

constexpr bool is_ws(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// The first byte at or after `p` that needs a look inside a string: '"', '\\', a control
// character or a non-ASCII byte. May return a position at or past `end`; reads at most 15
// bytes past `end` (within line_padding).
const char* find_special(const char* p, const char* end) noexcept {
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i space = _mm_set1_epi8(0x20);
    while (p < end) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        // Signed compare: bytes >= 0x80 are negative, so below 0x20 as well.
        const __m128i hit =
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                         _mm_cmplt_epi8(v, space));
        if (const int bits = _mm_movemask_epi8(hit))
            return p + __builtin_ctz(static_cast<unsigned>(bits));
        p += 16;
    }
    return p;
#else
    while (p < end) {
        const auto c = static_cast<unsigned char>(*p);
        if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) return p;
        ++p;
    }
    return p;
#endif
}

// An `out` for log_format's writers over a buffer that has the room.
struct buffer_out {
    char* next;
    void append(const char* first, const char* last) noexcept {
        std::memcpy(next, first, static_cast<std::size_t>(last - first));
        next += last - first;
    }
};

// The six digits of "...SS.ffffffZ" as microseconds, or -1.
std::int32_t micros_of(std::string_view ts) noexcept {
    std::int32_t us = 0;
    for (std::size_t i = 20; i < 26; ++i) {
        if (!is_digit(ts[i])) return -1;
        us = us * 10 + (ts[i] - '0');
    }
    return us;
}

bool has_writer_layout(std::string_view ts) noexcept {
    return ts.size() == 27 && ts[19] == '.' && ts[26] == 'Z';
}

}  // namespace

// fiberlog writes "YYYY-MM-DDTHH:MM:SS.ffffffZ", and consecutive lines mostly share their
// second: its value is kept, so that only the microseconds are read again.
bool timestamp_cache::read(std::string_view ts, std::int64_t& us) noexcept {
    if (has_writer_layout(ts) && valid_ && std::memcmp(ts.data(), second_, sizeof second_) == 0) {
        const std::int32_t micros = micros_of(ts);
        if (micros >= 0) {
            us = second_us_ + micros;
            return true;
        }
    }
    if (!read_json_ts(ts, us)) return false;
    if (has_writer_layout(ts)) {
        std::memcpy(second_, ts.data(), sizeof second_);
        second_us_ = us - micros_of(ts);
        valid_ = true;
    }
    return true;
}

const key_memo::key* key_memo::match(std::size_t i, const char* p) const noexcept {
    if (i >= keys_.size() || keys_[i].size == 0) return nullptr;
    const key& k = keys_[i];
#if defined(__SSE2__)
    // Both 32-byte blocks compared at once; only the key's bytes must be equal.
    const auto block = [](const char* b, int at) {
        return _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + at));
    };
    const auto equal = static_cast<std::uint32_t>(
        _mm_movemask_epi8(_mm_cmpeq_epi8(block(p, 0), block(k.bytes, 0))) |
        _mm_movemask_epi8(_mm_cmpeq_epi8(block(p, 16), block(k.bytes, 16))) << 16);
    const std::uint32_t wanted = k.size == 32 ? ~0u : (1u << k.size) - 1;
    return (equal & wanted) == wanted ? &k : nullptr;
#else
    return std::memcmp(p, k.bytes, k.size) == 0 ? &k : nullptr;
#endif
}

void key_memo::remember(std::size_t i, std::string_view name, std::uint8_t kind) {
    if (i > keys_.size()) return;  // keys are remembered in order
    if (i == keys_.size()) keys_.emplace_back();
    key& k = keys_[i];
    k = key{};
    if (name.size() + 3 > max_bytes) return;  // size 0: matches nothing
    k.bytes[0] = '"';
    std::memcpy(k.bytes + 1, name.data(), name.size());
    k.bytes[name.size() + 1] = '"';
    k.bytes[name.size() + 2] = ':';
    k.size = static_cast<std::uint8_t>(name.size() + 3);
    k.kind = kind;
}

namespace {

// A recursive-descent reader over one line. Every method returns false on anything it does
// not accept; the line is then left to simdjson.
class scanner {
public:
    scanner(std::string_view line, char* unescaped, timestamp_cache& times, key_memo& top_keys,
            key_memo& ctx_keys, bool context_wanted) noexcept
        : p_(line.data()),
          end_(line.data() + line.size()),
          out_(unescaped),
          times_(times),
          top_keys_(top_keys),
          ctx_keys_(ctx_keys),
          context_wanted_(context_wanted) {}

    bool read(record& out);

private:
    // The next byte that is not whitespace, '\0' at the end of the line (a NUL byte in the
    // line is invalid JSON there too).
    char peek() noexcept {
        if (p_<end_&& static_cast<unsigned char>(*p_)> ' ') return *p_;  // fiberlog's case
        while (p_ < end_ && is_ws(*p_)) ++p_;
        return p_ < end_ ? *p_ : '\0';
    }
    bool at(char c) const noexcept { return p_ < end_ && *p_ == c; }
    // After a scalar: whitespace or a structural character must follow ("1x" is no number).
    bool delimited() const noexcept {
        return p_ == end_ || is_ws(*p_) || *p_ == ',' || *p_ == '}' || *p_ == ']';
    }

    [[gnu::always_inline]] bool string(std::string_view& s, bool escapes_allowed) noexcept;
    bool special_string(const char* start, std::string_view& s, bool escapes_allowed) noexcept;
    bool escape(char*& w) noexcept;
    bool number(std::string_view& token) noexcept;
    bool uint64(std::uint64_t& v) noexcept;
    // `word` and a delimiter; N counts the terminating NUL.
    template <std::size_t N>
    bool literal(const char (&word)[N]) noexcept {
        if (static_cast<std::size_t>(end_ - p_) < N - 1 || std::memcmp(p_, word, N - 1) != 0) {
            return false;
        }
        p_ += N - 1;
        return delimited();
    }
    bool skip_value(int depth) noexcept;
    bool ctx_value(std::string_view key, record& out);
    bool identity(builtin b, std::string_view key, record& out);
    bool ctx_object(record& out);
    // Reads members until the closing brace; on_member(key, builtin) reads each value. With
    // `memo`, keys are first compared with the last line's.
    template <class OnMember>
    bool members(key_memo* memo, OnMember&& on_member);

    const char* p_;
    const char* end_;
    char* out_;  // the next free byte for unescaped strings
    timestamp_cache& times_;
    key_memo& top_keys_;
    key_memo& ctx_keys_;
    bool context_wanted_;  // fast_json_reader::want_context
};

// At the opening quote. A string without escapes is a view into the line; one with escapes is
// unescaped into out_ (never more bytes than the line's).
inline bool scanner::string(std::string_view& s, bool escapes_allowed) noexcept {
    const char* start = ++p_;
    const char* close = find_special(p_, end_);
    if (close < end_ && *close == '"') {  // the common case: plain ASCII
        s = std::string_view(start, static_cast<std::size_t>(close - start));
        p_ = close + 1;
        return true;
    }
    return special_string(start, s, escapes_allowed);
}

// A string with escapes, non-ASCII bytes or errors, from its first byte on.
bool scanner::special_string(const char* start, std::string_view& s,
                             bool escapes_allowed) noexcept {
    char* w = nullptr;  // set once an escape is seen
    char* w_start = nullptr;
    for (;;) {
        const char* q = find_special(p_, end_);
        if (q >= end_) return false;  // unterminated
        if (w != nullptr) {
            std::memcpy(w, p_, static_cast<std::size_t>(q - p_));
            w += q - p_;
        }
        p_ = q;
        const auto c = static_cast<unsigned char>(*p_);
        if (c == '"') {
            s = w != nullptr ? std::string_view(w_start, static_cast<std::size_t>(w - w_start))
                             : std::string_view(start, static_cast<std::size_t>(p_ - start));
            if (w != nullptr) out_ = w;
            ++p_;
            return true;
        }
        if (c == '\\') {
            if (!escapes_allowed) return false;
            if (w == nullptr) {
                w = w_start = out_;
                std::memcpy(w, start, static_cast<std::size_t>(p_ - start));
                w += p_ - start;
            }
            if (!escape(w)) return false;
            continue;
        }
        if (c < 0x20) return false;  // a control character: invalid JSON
        const std::size_t n = log_format::utf8_sequence_length(
            std::string_view(p_, static_cast<std::size_t>(end_ - p_)));
        if (n == 0) return false;
        if (w != nullptr) {
            std::memcpy(w, p_, n);
            w += n;
        }
        p_ += n;
    }
}

// At a backslash: writes the escaped character to `w` (never more bytes than the escape's).
bool scanner::escape(char*& w) noexcept {
    const log_format::escape e =
        log_format::read_escape(std::string_view(p_, static_cast<std::size_t>(end_ - p_)));
    // A lone surrogate is simdjson's to judge.
    if (e.size == 0 || log_format::is_surrogate(e.code_point)) return false;
    p_ += e.size;
    buffer_out out{w};
    log_format::append_utf8(out, e.code_point);
    w = out.next;
    return true;
}

bool scanner::number(std::string_view& token) noexcept {
    const char* start = p_;
    if (at('-')) ++p_;
    if (at('0')) {
        ++p_;
    } else if (p_ < end_ && is_digit(*p_)) {
        while (p_ < end_ && is_digit(*p_)) ++p_;
    } else {
        return false;
    }
    if (at('.')) {
        ++p_;
        if (p_ == end_ || !is_digit(*p_)) return false;
        while (p_ < end_ && is_digit(*p_)) ++p_;
    }
    if (at('e') || at('E')) {
        ++p_;
        if (at('+') || at('-')) ++p_;
        if (p_ == end_ || !is_digit(*p_)) return false;
        while (p_ < end_ && is_digit(*p_)) ++p_;
    }
    token = std::string_view(start, static_cast<std::size_t>(p_ - start));
    return delimited();
}

// An unsigned integer without fraction or exponent that fits 64 bits (simdjson's
// get_uint64); anything else is false.
bool scanner::uint64(std::uint64_t& v) noexcept {
    const char* start = p_;
    v = 0;
    while (p_ < end_ && is_digit(*p_)) {
        v = v * 10 + static_cast<unsigned>(*p_ - '0');  // may wrap past 19 digits: see below
        ++p_;
    }
    const auto digits = p_ - start;
    if (digits == 0 || (digits > 1 && *start == '0')) return false;
    if (digits > 19) {  // read again, checking for overflow
        if (digits > 20) return false;
        v = 0;
        for (const char* d = start; d < p_; ++d) {
            if (__builtin_mul_overflow(v, 10u, &v) ||
                __builtin_add_overflow(v, static_cast<unsigned>(*d - '0'), &v)) {
                return false;
            }
        }
    }
    return delimited();
}

template <class OnMember>
bool scanner::members(key_memo* memo, OnMember&& on_member) {
    ++p_;  // the opening brace
    if (peek() == '}') {
        ++p_;
        return true;
    }
    for (std::size_t i = 0;; ++i) {
        std::string_view key;
        builtin b = builtin::none;
        // The memo's bytes are a key without escapes and its colon: equal bytes are that key.
        if (const key_memo::key* k =
                memo != nullptr && peek() == '"' && end_ - p_ >= 3 ? memo->match(i, p_) : nullptr;
            k != nullptr && end_ - p_ >= k->size) {
            key = std::string_view(p_ + 1, k->size - 3u);
            b = static_cast<builtin>(k->kind);
            p_ += k->size;
        } else {
            if (peek() != '"' || !string(key, false) || peek() != ':') return false;
            ++p_;
            b = classify(key);
            if (memo != nullptr) memo->remember(i, key, static_cast<std::uint8_t>(b));
        }
        if (peek() == '\0' || !on_member(key, b)) return false;
        const char next = peek();
        if (next == ',') {
            ++p_;
            continue;
        }
        if (next != '}') return false;
        ++p_;
        return true;
    }
}

// Validates a value that is not kept: null, an array, an object (or any value, nested).
bool scanner::skip_value(int depth) noexcept {
    switch (peek()) {
        case '"': {
            std::string_view ignored;
            return string(ignored, true);
        }
        case '{':
            if (depth == max_depth) return false;
            return members(nullptr,
                           [&](std::string_view, builtin) { return skip_value(depth + 1); });
        case '[':
            if (depth == max_depth) return false;
            ++p_;
            if (peek() == ']') {
                ++p_;
                return true;
            }
            for (;;) {
                if (!skip_value(depth + 1)) return false;
                const char next = peek();
                if (next == ',') {
                    ++p_;
                    continue;
                }
                if (next != ']') return false;
                ++p_;
                return true;
            }
        case 't':
            return literal("true");
        case 'f':
            return literal("false");
        case 'n':
            return literal("null");
        default: {
            std::string_view ignored;
            return number(ignored);
        }
    }
}

// A context value, as json_parser keeps it: strings, numbers (as written) and booleans;
// null, arrays and objects are skipped (and every value when the context is not wanted).
bool scanner::ctx_value(std::string_view key, record& out) {
    if (!context_wanted_) return skip_value(1);
    const char c = *p_;
    if (c == '"') {
        std::string_view s;
        if (!string(s, true)) return false;
        out.ctx.push_back({key, s, value_kind::string});
        return true;
    }
    if (c == 't' || c == 'f') {
        const bool b = c == 't';
        if (!(b ? literal("true") : literal("false"))) return false;
        out.ctx.push_back({key, b ? "true" : "false", value_kind::boolean});
        return true;
    }
    if (c == '-' || is_digit(c)) {
        std::string_view token;
        if (!number(token)) return false;
        out.ctx.push_back({key, token, log_format::number_kind(token)});
        return true;
    }
    return skip_value(1);
}

// service, host, pid and the trace ids; one of another shape is a context entry.
bool scanner::identity(builtin b, std::string_view key, record& out) {
    if (b == builtin::pid) {
        const char* start = p_;
        std::uint64_t pid = 0;
        if (uint64(pid)) {
            out.pid = pid;
            return true;
        }
        p_ = start;
        return ctx_value(key, out);
    }
    if (*p_ != '"') return ctx_value(key, out);
    std::string_view s;
    if (!string(s, true)) return false;
    // Of another shape (a trace id that is no hex), it is a context entry.
    if (!store_identity(b, s, out) && context_wanted_) {
        out.ctx.push_back({key, s, value_kind::string});
    }
    return true;
}

bool scanner::ctx_object(record& out) {
    if (*p_ != '{') return false;
    return members(&ctx_keys_, [&](std::string_view key, builtin) { return ctx_value(key, out); });
}

bool scanner::read(record& out) {
    if (peek() != '{') return false;
    bool has_ts = false, has_level = false, has_fiber = false;
    const auto member = [&](std::string_view key, builtin b) {
        std::string_view s;
        switch (b) {
            case builtin::ts:
                return has_ts = *p_ == '"' && string(s, true) && times_.read(s, out.ts_us);
            case builtin::level:
                return has_level = *p_ == '"' && string(s, true) && parse_level(s, out.lvl);
            case builtin::logger:
                return *p_ == '"' && string(out.logger, true);
            case builtin::msg:
                return *p_ == '"' && string(out.msg, true);
            case builtin::fiber:
                return has_fiber = uint64(out.fiber);
            case builtin::parent:
                return uint64(out.parent);
            case builtin::thread:
                return uint64(out.thread);
            case builtin::ctx:
                return ctx_object(out);
            case builtin::deadline_ms:
                return (*p_ == '-' || is_digit(*p_)) && number(out.deadline_ms);
            case builtin::none:
                return ctx_value(log_format::context_key(key), out);
            default:  // the identity and trace fields
                return identity(b, key, out);
        }
    };
    return members(&top_keys_, member) && peek() == '\0' && p_ == end_ && has_ts && has_level &&
           has_fiber;
}

}  // namespace

bool fast_json_reader::read(std::string_view line, record& out) {
    out.reset(line_format::json);
    if (unescaped_.size() < line.size()) unescaped_.resize(line.size());
    scanner reader(line, unescaped_.data(), times_, top_keys_, ctx_keys_, context_wanted_);
    return reader.read(out);
}

}  // namespace fiberlog::tail::detail
