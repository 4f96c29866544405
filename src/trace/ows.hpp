#pragma once

// HTTP's optional whitespace (RFC 9110 OWS: spaces and horizontal tabs), which the W3C
// propagation headers allow around values and list members.

#include <string_view>

namespace fiberlog::detail {

inline bool is_ows(char c) noexcept { return c == ' ' || c == '\t'; }

inline std::string_view trim_ows(std::string_view s) noexcept {
    while (!s.empty() && is_ows(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_ows(s.back())) s.remove_suffix(1);
    return s;
}

}  // namespace fiberlog::detail
