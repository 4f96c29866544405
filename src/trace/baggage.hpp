#pragma once

// W3C Baggage: the baggage header, a list of `key=value;properties` members whose values are
// percent-encoded.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace fiberlog::detail {

// The specification's limits: a platform must propagate all members while there are at most
// 64 of them in at most 8192 bytes; fiberlog reads and writes no more.
constexpr std::size_t baggage_max_members = 64;
constexpr std::size_t baggage_max_bytes = 8192;

struct baggage_member {
    std::string_view key;  // a token (RFC 9110), into the parsed value
    std::string value;     // percent-decoded; bytes that are not UTF-8 became U+FFFD
};

struct baggage_list {
    std::vector<baggage_member> members;  // the valid ones, in order
    std::size_t skipped = 0;              // malformed members, and members past the limits
};

// A baggage value (several header fields joined by ','). Empty list elements are ignored
// (RFC 9110's list rule); a member is malformed when its key is not a token, its value or a
// property value holds a byte outside baggage-octet or a '%' not followed by two hex
// digits, or a property is not `key` or `key=value`. Members past the 64th, or ending past
// byte 8192, are skipped.
baggage_list parse_baggage(std::string_view value);

// Whether `key` is a token, so it may name a baggage member.
bool is_baggage_key(std::string_view key) noexcept;

// Appends `value` percent-encoded for a baggage header: '%' and every byte outside
// baggage-octet (controls, space, '"', ',', ';', '\', DEL and non-ASCII) as %XX.
void append_baggage_value(std::string& out, std::string_view value);

}  // namespace fiberlog::detail
