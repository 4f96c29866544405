// The tracestate parser against a second reading of Trace Context Level 1's grammar: any bytes
// in, never an exception; a valid list forwarded normalized (cut by whole members to 512
// characters), an invalid one dropped whole and counted; what is forwarded reads back as itself.

#include <algorithm>
#include <fiberlog/fiberlog.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "checks.hpp"

namespace fiberlog::fuzz {
namespace {

const std::string parent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

std::vector<std::string> members(std::string_view list) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        const std::size_t comma = list.find(',', start);
        std::string_view m =
            list.substr(start, comma == std::string_view::npos ? comma : comma - start);
        while (!m.empty() && (m.front() == ' ' || m.front() == '\t')) m.remove_prefix(1);
        while (!m.empty() && (m.back() == ' ' || m.back() == '\t')) m.remove_suffix(1);
        if (!m.empty()) out.emplace_back(m);
        if (comma == std::string_view::npos) return out;
        start = comma + 1;
    }
}

bool key_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '*' ||
           c == '/';
}

// n characters: the first by `first`, the rest key characters.
bool id(std::string_view s, std::size_t max, bool digit_first) {
    if (s.empty() || s.size() > max) return false;
    const char c = s[0];
    if (!((c >= 'a' && c <= 'z') || (digit_first && c >= '0' && c <= '9'))) return false;
    return std::all_of(s.begin() + 1, s.end(), key_char);
}

bool valid_member(std::string_view m) {
    const std::size_t eq = m.find('=');
    if (eq == std::string_view::npos) return false;
    const std::string_view key = m.substr(0, eq), val = m.substr(eq + 1);
    const std::size_t at = key.find('@');
    const bool key_ok = at == std::string_view::npos
                            ? id(key, 256, false)
                            : id(key.substr(0, at), 241, true) && id(key.substr(at + 1), 14, false);
    if (!key_ok || val.empty() || val.size() > 256 || val.back() == ' ') return false;
    for (char c : val)
        if (c < 0x20 || c > 0x7e || c == ',' || c == '=') return false;
    return true;
}

std::string key_of(const std::string& m) { return m.substr(0, m.find('=')); }

std::string join(const std::vector<std::string>& m) {
    std::string out;
    for (const auto& s : m) out += (out.empty() ? "" : ",") + s;
    return out;
}

}  // namespace

std::string check_tracestate(const std::uint8_t* data, std::size_t size) {
    const std::string input(reinterpret_cast<const char*>(data), size);
    const std::vector<std::string> in = members(input);
    bool valid = in.size() <= 32 && std::all_of(in.begin(), in.end(), valid_member);
    for (std::size_t i = 0; valid && i < in.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (key_of(in[i]) == key_of(in[j])) valid = false;

    const auto before = rejected_headers().tracestate;
    std::string out;
    try {
        trace_scope scope{parent, input};
        out = tracestate();
    } catch (const std::exception& e) {
        return std::string("trace_scope threw: ") + e.what();
    }
    const auto counted = rejected_headers().tracestate - before;
    if (!valid) {
        if (!out.empty() || counted != 1) return "an invalid tracestate was kept or not counted";
        return {};
    }
    if (counted != 0) return "a valid tracestate was counted as rejected";
    const std::string normalized = join(in);
    if (normalized.size() <= 512) {
        if (out != normalized) return "tracestate() is not the normalized input: " + out;
    } else {
        // Cut by whole members, keeping their order: a subsequence of the input's.
        if (out.size() > 512) return "tracestate() is longer than 512 characters";
        const std::vector<std::string> kept = members(out);
        auto it = in.begin();
        for (const auto& m : kept) {
            it = std::find(it, in.end(), m);
            if (it == in.end()) return "tracestate() holds a member not in order: " + m;
            ++it;
        }
    }
    trace_scope again{parent, out};
    if (tracestate() != out) return "tracestate() does not read back as itself: " + out;
    return {};
}

}  // namespace fiberlog::fuzz
