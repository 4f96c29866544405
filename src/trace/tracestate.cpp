#include "trace/tracestate.hpp"

#include <algorithm>
#include <vector>

#include "trace/ows.hpp"

namespace fiberlog::detail {
namespace {

constexpr std::size_t max_members = 32;
constexpr std::size_t max_simple_key = 256;  // lcalpha 0*255(...)
constexpr std::size_t max_tenant_id = 241;   // (lcalpha / DIGIT) 0*240(...)
constexpr std::size_t max_system_id = 14;    // lcalpha 0*13(...)
constexpr std::size_t max_value = 256;       // 0*255(chr) nblk-chr
constexpr std::size_t long_member = 128;     // dropped first when cutting

bool is_lcalpha(char c) noexcept { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_key_char(char c) noexcept {
    return is_lcalpha(c) || is_digit(c) || c == '_' || c == '-' || c == '*' || c == '/';
}

// `first` then up to max - 1 key characters.
bool is_id(std::string_view s, std::size_t max, bool (*first)(char)) noexcept {
    return !s.empty() && s.size() <= max && first(s[0]) &&
           std::all_of(s.begin() + 1, s.end(), is_key_char);
}

bool is_valid_key(std::string_view key) noexcept {
    const std::size_t at = key.find('@');
    if (at == std::string_view::npos) return is_id(key, max_simple_key, is_lcalpha);
    return is_id(key.substr(0, at), max_tenant_id,
                 [](char c) { return is_lcalpha(c) || is_digit(c); }) &&
           is_id(key.substr(at + 1), max_system_id, is_lcalpha);
}

bool is_valid_value(std::string_view value) noexcept {
    if (value.empty() || value.size() > max_value || value.back() == ' ') return false;
    return std::all_of(value.begin(), value.end(),
                       [](char c) { return c >= 0x20 && c <= 0x7e && c != ',' && c != '='; });
}

// The non-empty members of a list, optional whitespace removed.
std::vector<std::string_view> members_of(std::string_view list) {
    std::vector<std::string_view> members;
    for (;;) {
        const std::size_t comma = list.find(',');
        const std::string_view m = trim_ows(list.substr(0, comma));
        if (!m.empty()) members.push_back(m);
        if (comma == std::string_view::npos) return members;
        list.remove_prefix(comma + 1);
    }
}

std::string join(const std::vector<std::string_view>& members) {
    std::string out;
    for (std::string_view m : members) {
        if (!out.empty()) out += ',';
        out += m;
    }
    return out;
}

}  // namespace

std::optional<std::string> parse_tracestate(std::string_view value) {
    const std::vector<std::string_view> members = members_of(value);
    if (members.size() > max_members) return std::nullopt;
    for (auto m = members.begin(); m != members.end(); ++m) {
        const std::size_t eq = m->find('=');
        if (eq == std::string_view::npos) return std::nullopt;
        const std::string_view key = m->substr(0, eq);
        if (!is_valid_key(key) || !is_valid_value(m->substr(eq + 1))) return std::nullopt;
        const std::string_view key_eq = m->substr(0, eq + 1);
        if (std::any_of(members.begin(), m, [&](std::string_view earlier) {
                return earlier.substr(0, key_eq.size()) == key_eq;
            }))
            return std::nullopt;  // the same key twice
    }
    return join(members);
}

std::string truncate_tracestate(std::string_view normalized, std::size_t limit) {
    if (normalized.size() <= limit) return std::string(normalized);
    std::vector<std::string_view> members = members_of(normalized);
    std::size_t length = normalized.size();
    while (length > limit && !members.empty()) {
        auto victim = std::find_if(members.rbegin(), members.rend(),
                                   [](std::string_view m) { return m.size() > long_member; });
        auto it = victim != members.rend() ? std::prev(victim.base()) : std::prev(members.end());
        length -= it->size() + (members.size() > 1 ? 1 : 0);  // its comma too
        members.erase(it);
    }
    return join(members);
}

}  // namespace fiberlog::detail
