#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>

#include <spdlog/details/log_msg.h>
#include <spdlog/details/os.h>

#include <fiberlog/context.hpp>
#include <fiberlog/log_format.hpp>
#include <fiberlog/spdlog.hpp>

#include "checks.hpp"
#include "fuzz_input.hpp"

namespace fiberlog::fuzz {
namespace {

// A strict reader of README's "Text rendering of values", written from the README:
//  - pairs are `key=value` separated by single spaces; keys are 1-128 bytes of letters,
//    digits, '_', '.', '-';
//  - a quoted value is a string, with JSON escapes; a raw control byte or DEL inside the
//    quotes is an error (the writer escapes them);
//  - a bare value runs to the next space or the end and holds none of the bytes that force
//    quotes (log_format::forces_quotes); it is typed the way fiberlog-tail types it
//    (log_format::bare_kind: true/false, nan/inf/-inf, a JSON number, else a string), then
//    read exactly: an integer as an int64, else a uint64; a double by from_chars. The text
//    does not say whether an integer was signed: integers compare by their mathematical value.
class text_reader {
public:
    explicit text_reader(std::string_view s) : s_(s) {}

    bool at_end() const { return pos_ == s_.size(); }
    const std::string& error() const { return error_; }

    bool read_pairs(entries& out) {
        if (at_end()) return true;
        for (;;) {
            std::size_t n = 0;
            while (pos_ + n < s_.size() && key_alphabet.find(s_[pos_ + n]) != std::string_view::npos)
                ++n;
            if (n == 0 || n > log_format::max_key_size) return fail("bad key");
            std::string key(s_.substr(pos_, n));
            pos_ += n;
            if (!eat('=')) return fail("no '=' after key " + key);
            value v;
            if (!read_value(v)) return false;
            out.emplace_back(std::move(key), std::move(v));
            if (at_end()) return true;
            if (!eat(' ')) return fail("no space after a value");
            if (at_end()) return fail("trailing space");
        }
    }

    bool read_value(value& out) {
        if (eat('"')) return read_quoted(out);
        const std::size_t start = pos_;
        while (pos_ < s_.size() && s_[pos_] != ' ') {
            const auto c = static_cast<unsigned char>(s_[pos_]);
            if (log_format::forces_quotes(c))
                return fail("unquoted byte " + std::to_string(c) + " in a bare value");
            ++pos_;
        }
        const std::string_view bare = s_.substr(start, pos_ - start);
        if (bare.empty()) return fail("empty bare value");
        const char* end = bare.data() + bare.size();
        std::int64_t i = 0;
        std::uint64_t u = 0;
        double d = 0;
        switch (log_format::bare_kind(bare)) {
        case log_format::value_kind::boolean: out = bare == "true"; return true;
        case log_format::value_kind::string: out = std::string(bare); return true;
        case log_format::value_kind::integer:
            if (auto r = std::from_chars(bare.data(), end, i); r.ec == std::errc{} && r.ptr == end)
                out = i;
            else if (auto ru = std::from_chars(bare.data(), end, u);
                     ru.ec == std::errc{} && ru.ptr == end)
                out = u;
            else
                return fail("integer out of range: " + std::string(bare));
            return true;
        case log_format::value_kind::floating:
            if (auto r = std::from_chars(bare.data(), end, d); r.ec == std::errc{} && r.ptr == end)
                out = d;
            else
                return fail("double out of range: " + std::string(bare));
            return true;
        }
        return fail("unknown kind");
    }

private:
    bool eat(char c) {
        if (pos_ < s_.size() && s_[pos_] == c) {
            ++pos_;
            return true;
        }
        return false;
    }
    bool fail(std::string why) {
        error_ = std::move(why) + " at byte " + std::to_string(pos_);
        return false;
    }

    bool read_quoted(value& out) {
        std::string v;
        for (;;) {
            if (at_end()) return fail("unterminated quotes");
            const char ch = s_[pos_++];
            const auto c = static_cast<unsigned char>(ch);
            if (ch == '"') break;
            if (c < 0x20 || c == 0x7f) return fail("raw control byte in quotes");
            if (ch != '\\') {
                v += ch;
                continue;
            }
            const log_format::escape e = log_format::read_escape(s_.substr(pos_ - 1));
            if (e.size == 0) return fail("bad escape");
            // The writer escapes only ASCII; a wider escape could not read back as the
            // original bytes, which the text format keeps verbatim.
            if (e.code_point >= 0x80) return fail("\\u escape above ASCII");
            v += static_cast<char>(e.code_point);
            pos_ += e.size - 1;
        }
        out = std::move(v);
        return true;
    }

    std::string_view s_;
    std::size_t pos_ = 0;
    std::string error_;
};

std::string show(std::string_view s) {
    std::string out;
    log_format::append_json_string(out, s.substr(0, 200));
    return out;
}

// The mathematical value of an integer alternative, as a (sign, magnitude) pair.
std::optional<std::pair<bool, std::uint64_t>> integer_of(const value& v) {
    if (auto* i = std::get_if<std::int64_t>(&v))
        return std::pair{*i < 0, *i < 0 ? 0 - static_cast<std::uint64_t>(*i)
                                        : static_cast<std::uint64_t>(*i)};
    if (auto* u = std::get_if<std::uint64_t>(&v)) return std::pair{false, *u};
    return std::nullopt;
}

bool same(const value& a, const value& b) {
    if (auto x = integer_of(a)) return x == integer_of(b);
    if (a.index() != b.index()) return false;
    if (auto* x = std::get_if<double>(&a)) {
        const double y = std::get<double>(b);
        if (std::isnan(*x)) return std::isnan(y);  // NaN's sign is not kept: "nan"
        return *x == y && std::signbit(*x) == std::signbit(y);
    }
    return a == b;
}

std::string describe(const value& v) {
    static const char* types[] = {"string", "int", "double", "bool", "uint"};
    return std::string(types[v.index()]) + " " + show(to_string(v));
}

std::string check_no_controls(std::string_view what, std::string_view text) {
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c == 0x7f) return std::string(what) + ": raw control byte in " + show(text);
    }
    return {};
}

std::string check_pairs(std::string_view what, std::string_view text, const entries& expected) {
    if (auto e = check_no_controls(what, text); !e.empty()) return e;
    text_reader reader(text);
    entries got;
    if (!reader.read_pairs(got))
        return std::string(what) + " unreadable: " + reader.error() + " in " + show(text);
    if (got.size() != expected.size())
        return std::string(what) + " " + show(text) + " reads as " + std::to_string(got.size()) +
               " pairs, not " + std::to_string(expected.size()) + " (a forged pair?)";
    for (std::size_t i = 0; i < got.size(); ++i) {
        if (got[i].first != expected[i].first)
            return std::string(what) + ": key " + expected[i].first + " read back as " + got[i].first;
        if (!same(got[i].second, expected[i].second))
            return std::string(what) + ": " + describe(expected[i].second) + " read back as " +
                   describe(got[i].second);
    }
    return {};
}

std::string check_single(std::string_view what, std::string_view text, const value& expected) {
    if (auto e = check_no_controls(what, text); !e.empty()) return e;
    text_reader reader(text);
    value got;
    if (!reader.read_value(got)) return std::string(what) + " unreadable: " + reader.error();
    if (!reader.at_end()) return std::string(what) + " " + show(text) + ": bytes after the value";
    if (!same(got, expected))
        return std::string(what) + ": " + describe(expected) + " read back as " + describe(got);
    return {};
}

std::string format_with(const std::string& pattern, std::vector<key_flag> keys) {
    auto formatter = pattern_formatter(pattern, std::move(keys));
    const spdlog::details::log_msg msg(spdlog::log_clock::time_point{}, spdlog::source_loc{},
                                       "fuzz", spdlog::level::info, "m");
    spdlog::memory_buf_t buf;
    formatter->format(msg, buf);
    std::string line(buf.data(), buf.size());
    const std::string_view eol = spdlog::details::os::default_eol;
    if (line.size() >= eol.size() && line.compare(line.size() - eol.size(), eol.size(), eol) == 0)
        line.resize(line.size() - eol.size());
    return line;
}

}  // namespace

std::string check_text(const std::uint8_t* data, std::size_t size) {
    const std::string input(reinterpret_cast<const char*>(data), size);

    // 1. The escaper alone, on every byte of the input.
    std::string rendered;
    log_format::append_text_string(rendered, input);
    if (auto e = check_single("append_text_string(" + show(input) + ")", rendered, value{input});
        !e.empty())
        return e;

    // 2. A context's text(), %K and %N.
    const entries expected = decode_entries(data, size);
    context ctx;
    for (const auto& [k, v] : expected) ctx = ctx.with(k, v);
    if (auto e = check_pairs("context::text", ctx.text(), expected); !e.empty()) return e;

    auto guard = attach(ctx);
    if (auto e = check_pairs("%K", format_with("%K", {}), expected); !e.empty()) return e;
    const std::string braced = format_with("{%K} %v", {});
    if (braced != "{" + std::string(ctx.text()) + "} m")
        return "{%K} %v gave " + show(braced);
    if (!expected.empty()) {
        const auto& [key, val] = expected.back();
        if (auto e = check_single("%N bound to " + key, format_with("%N", {{'N', key}}), val);
            !e.empty())
            return e;
    }
    return {};
}

}  // namespace fiberlog::fuzz
