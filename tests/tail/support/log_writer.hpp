#pragma once

// Writes log lines exactly as fiberlog's spdlog integration does, in both formats, so the
// tests can build inputs of any shape. Kept independent of fiberlog-tail's own code.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace fiberlog::tail::test {

using ctx_value = std::variant<std::string, std::int64_t, double, bool>;

struct log_line {
    std::int64_t ts_us = 1'795'428'000'000'000;  // 2026-11-23T10:00:00Z
    std::string level = "info";
    std::string logger = "app";
    std::uint64_t fiber = 1;
    std::uint64_t parent = 0;
    std::uint64_t thread = 4242;
    // Process identity and trace context (JSON only; written when set).
    std::string service, host;
    std::optional<std::uint64_t> pid;
    std::string trace_id, span_id, parent_span_id;
    std::string msg;
    std::vector<std::pair<std::string, ctx_value>> ctx;
};

// A line of `fiber` saying `msg`, `ms` milliseconds after log_line's default time.
log_line line_at(std::int64_t ms, std::uint64_t fiber, std::string msg);

// A line of `fiber` in the process `service` on `host` with `pid`, in the span `span_id` (and
// `parent_span_id`, if any) of the trace 4bf92f3577b34da6a3ce929d0e0e4736.
log_line traced_line(std::int64_t ms, std::uint64_t fiber, std::string msg, std::string service,
                     std::string host, std::uint64_t pid, std::string span_id,
                     std::string parent_span_id = {});

// {"ts":"...Z","level":...,"service":...,"msg":...,"ctx":{...}} (identity and trace fields when
// set) — with `flatten`, the context keys at top level and
// "ctx."-prefixed when they collide with a built-in field.
std::string json_line(const log_line& l, bool flatten = false);

// [2026-11-23 10:00:00.000000] [app] [info] [12/3] {k=v ...} msg — the time in UTC, so the
// reader must run with TZ=UTC.
std::string text_line(const log_line& l);

// "2026-11-23T10:00:00.000000Z"
std::string rfc3339(std::int64_t ts_us);

}  // namespace fiberlog::tail::test
