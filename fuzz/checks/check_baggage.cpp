// The baggage parser and writer: any bytes in, never an exception; every adopted value valid
// UTF-8; what baggage() writes is within the limits, parses without a rejection and reads back
// as the same values.

#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <fiberlog/fiberlog.hpp>
#include <fiberlog/log_format.hpp>

#include "checks.hpp"

namespace fiberlog::fuzz {
namespace {

// The keys to allow: whatever stands before an '=' in the input and is a context key, trimmed
// of whitespace, at most 16.
std::vector<std::string> keys_in(std::string_view s) {
    std::vector<std::string> keys{"user"};
    std::size_t start = 0;
    while (keys.size() < 16) {
        const std::size_t eq = s.find('=', start);
        if (eq == std::string_view::npos) break;
        std::size_t b = s.find_last_of(",;", eq);
        b = b == std::string_view::npos || b < start ? start : b + 1;
        std::string_view k = s.substr(b, eq - b);
        while (!k.empty() && (k.front() == ' ' || k.front() == '\t')) k.remove_prefix(1);
        while (!k.empty() && (k.back() == ' ' || k.back() == '\t')) k.remove_suffix(1);
        if (log_format::is_valid_key(k)) keys.emplace_back(k);
        start = eq + 1;
    }
    return keys;
}

bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = log_format::utf8_sequence_length(s.substr(i));
        if (n == 0) return false;
        i += n;
    }
    return true;
}

std::map<std::string, std::string> values_of(const std::vector<std::string>& keys) {
    std::map<std::string, std::string> out;
    for (const auto& k : keys)
        if (auto v = get(k)) out[k] = to_string(*v);
    return out;
}

}  // namespace

std::string check_baggage(const std::uint8_t* data, std::size_t size) {
    const std::string input(reinterpret_cast<const char*>(data), size);
    const std::vector<std::string> allowed = keys_in(input);
    clear();
    std::string out;
    std::map<std::string, std::string> adopted;
    std::map<std::string, std::size_t> member_size;  // each adopted entry's member, alone
    try {
        adopt_baggage(input, allowed);
        adopted = values_of(allowed);
        for (const auto& entry : adopted) member_size[entry.first] = baggage({entry.first}).size();
        out = baggage(allowed);
    } catch (const std::exception& e) {
        clear();
        return std::string("baggage threw: ") + e.what();
    }
    for (const auto& [k, v] : adopted)
        if (!valid_utf8(v)) return "adopted value of " + k + " is not UTF-8";
    if (out.size() > 8192) return "baggage() is longer than 8192 bytes";
    if (std::count(out.begin(), out.end(), ',') >= 64) return "baggage() has over 64 members";
    for (char c : out)
        if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f ||
            c == '"' || c == ';' || c == '\\')
            return "baggage() holds a byte outside baggage-octet: " + out;

    clear();
    const auto before = rejected_headers().baggage_members;
    adopt_baggage(out, allowed);
    const auto again = values_of(allowed);
    clear();
    if (rejected_headers().baggage_members != before) return "baggage() wrote a rejected member";
    for (const auto& [k, v] : again)
        if (adopted.count(k) == 0 || adopted[k] != v) return "baggage() does not read back: " + k;
    // A member is left out only when it does not fit (at most 16 keys: never the count).
    for (const auto& entry : adopted)
        if (again.count(entry.first) == 0 && out.size() + 1 + member_size[entry.first] <= 8192)
            return "baggage() left out " + entry.first + " though it fits";
    return {};
}

}  // namespace fiberlog::fuzz
