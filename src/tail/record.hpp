#pragma once

// One log line of fiberlog's, as read back by fiberlog-tail.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include <fiberlog/log_format.hpp>

namespace fiberlog::tail {

// Bytes after a line that a parser may read (simdjson reads ahead in 64-byte blocks). Every
// buffer that hands lines to a parser leaves at least this much readable space after each one.
inline constexpr std::size_t line_padding = 64;

// spdlog's levels, in increasing severity: level(i) is named log_format::level_names[i].
enum class level : std::uint8_t { trace, debug, info, warning, error, critical };
static_assert(static_cast<std::size_t>(level::critical) + 1 == log_format::level_names.size());

// Reads spdlog's level names ("warning") and its short ones ("warn", "err"); false otherwise.
bool parse_level(std::string_view name, level& out) noexcept;
// spdlog's name of a level: "trace" ... "critical".
std::string_view level_name(level l) noexcept;

// What a context value is read as: a string, an integer, a double or a boolean.
using value_kind = log_format::value_kind;

// One context entry. `text` is the value as fiberlog::to_string prints it: a string unescaped,
// a number as written, "true" or "false".
struct ctx_field {
    std::string_view key;
    std::string_view text;
    value_kind kind;
};

bool operator==(const ctx_field& a, const ctx_field& b) noexcept;

enum class line_format : std::uint8_t { json, text };

// A parsed line. The views point into the line or into the parser that filled the record, so
// a record stays valid until that parser reads its next line.
struct record {
    line_format format = line_format::json;
    std::int64_t ts_us = 0;  // microseconds since the Unix epoch (UTC)
    level lvl = level::info;
    std::uint64_t fiber = 0;
    std::uint64_t parent = 0;
    std::uint64_t thread = 0;  // 0 for text lines: the text pattern does not carry it
    std::string_view logger;
    std::string_view msg;
    std::string_view deadline_ms;  // the number as written; empty when absent
    // Process identity and trace context, each optional (older lines lack them): empty, or no
    // pid, when absent. The ids are lowercase hex: trace_id 32 digits, the span ids 16.
    std::string_view service;
    std::string_view host;
    std::optional<std::uint64_t> pid;
    std::string_view trace_id;
    std::string_view span_id;
    std::string_view parent_span_id;
    std::vector<ctx_field> ctx;

    // Empties the record but keeps the context's capacity.
    void reset(line_format f) noexcept;
    // The context entry named `key`, or nullptr.
    const ctx_field* find(std::string_view key) const noexcept;
};

// Field by field, views compared by content.
bool operator==(const record& a, const record& b) noexcept;

}  // namespace fiberlog::tail
