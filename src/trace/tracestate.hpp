#pragma once

// W3C Trace Context Level 1, the tracestate header: a list of up to 32 `key=value` members.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace fiberlog::detail {

// The most of a tracestate fiberlog forwards, the length every vendor SHOULD propagate.
constexpr std::size_t tracestate_forward_limit = 512;

// A tracestate value (several header fields joined by ',') as a normalized list -- its
// members joined by ',' without optional whitespace or empty members -- or nullopt when the
// whole header must be dropped: a member that is not `key=value` by the specification's
// grammar (simple keys, `tenant@system` keys, values of 1 to 256 printable characters
// without ',' or '=' not ending in a space), more than 32 members, or a key twice.
std::optional<std::string> parse_tracestate(std::string_view value);

// A normalized list cut to at most `limit` characters by whole members: members longer than
// 128 characters go first, then members from the end.
std::string truncate_tracestate(std::string_view normalized,
                                std::size_t limit = tracestate_forward_limit);

}  // namespace fiberlog::detail
