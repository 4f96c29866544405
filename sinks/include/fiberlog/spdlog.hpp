#pragma once

// fiberlog's spdlog integration: pattern flags, a JSON-lines formatter, install() and a
// context-keeping async sink. Link fiberlog::spdlog.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <spdlog/common.h>
#include <spdlog/formatter.h>
#include <spdlog/fwd.h>
#include <spdlog/pattern_formatter.h>

#include <fiberlog/export.hpp>
#include <fiberlog/log_format.hpp>
#include <fiberlog/sinks/async_sink.hpp>

namespace fiberlog {

/// The pattern install() and pattern_formatter() use unless given another: spdlog's default
/// with microseconds, then `[fiber/parent] {context}` before the message, e.g.
/// `[2026-11-23 10:00:00.123456] [app] [info] [12/3] {request_id=r-1 user=alice} loaded`.
/// fiberlog-tail reads this layout back; log_format::text_layout describes it for readers.
inline constexpr std::string_view default_pattern = log_format::default_pattern;

/// Binds a pattern flag letter to one context key: `{'N', "request_id"}` makes `%N` print
/// that key's value (quoted like in `%K` when needed, nothing when the key is absent).
struct key_flag {
    char flag;
    std::string key;
};

/// A spdlog formatter for `pattern`, which may use every spdlog flag plus `%G` (fiber id),
/// `%J` (parent id), `%K` (the context as `key=value` pairs), `%Q` (milliseconds left to
/// the context's deadline, nothing without one), `%U` (the trace id) and `%V` (the span id),
/// both nothing outside a trace (trace.hpp), `%W` (the service, identity.hpp), and the letters
/// bound in `keys` (a letter spdlog uses is replaced; free ones: N Z j k q w y). The pattern
/// reads exactly as spdlog 1.10 reads it, padding (`%-20K`, `%=8!G`, widths clamped to 64), a
/// lone trailing `%`, unknown flags and all: without fiberlog's flags it writes what spdlog's
/// own pattern_formatter writes, byte for byte. Throws std::invalid_argument for an invalid
/// key, or a flag that is not a letter, is one of G J K Q U V W or is bound twice. The
/// formatter, like spdlog's, is used by one thread at a time (sinks lock around it); clone()
/// for another.
[[nodiscard]] FIBERLOG_API std::unique_ptr<spdlog::formatter> pattern_formatter(
    std::string pattern = std::string(default_pattern), std::vector<key_flag> keys = {},
    spdlog::pattern_time_type time = spdlog::pattern_time_type::local);

/// pattern_formatter() with spdlog::pattern_formatter's own arguments: the same call as
/// `spdlog::pattern_formatter(pattern, time, eol, std::move(flags))`, plus fiberlog's flags.
/// `eol` ends every line; `flags` are your own custom flag formatters, which work as they do
/// in spdlog (padding set on each use, taking precedence over spdlog's letters) next to
/// fiberlog's. Throws std::invalid_argument as pattern_formatter() does, and for a custom
/// flag that is null or uses one of fiberlog's letters (G J K Q U V W or one bound in `keys`).
[[nodiscard]] FIBERLOG_API std::unique_ptr<spdlog::formatter> pattern_formatter(
    std::string pattern, spdlog::pattern_time_type time,
    std::string eol = spdlog::details::os::default_eol,
    spdlog::pattern_formatter::custom_flags flags = {}, std::vector<key_flag> keys = {});

struct json_options {
    /// Write the context keys as top-level fields instead of a `ctx` object. A key that
    /// equals a built-in field name (log_format::builtin_fields: ts, level, logger, fiber,
    /// parent, thread, service, host, pid, trace_id, span_id, parent_span_id, msg,
    /// deadline_ms, ctx) or starts with `ctx.` is written as `ctx.<key>`, so nothing is
    /// shadowed and the mapping can be undone (log_format::context_key(); fiberlog-tail does).
    bool flatten_context = false;
};

/// A spdlog formatter writing one JSON object per line:
/// `{"ts":"2026-11-23T10:00:00.123456Z","level":"info","logger":"app","fiber":12,
/// "parent":3,"thread":4242,"service":"api","host":"pod-7","pid":311,"msg":"...",
/// "ctx":{"request_id":"r-1","attempt":2}}`; in a trace (trace.hpp) `"trace_id"`,
/// `"span_id"` and, when the span has a parent, `"parent_span_id"` come before `msg`;
/// `"deadline_ms":N` (milliseconds left when logged) comes before `ctx` when there is a
/// deadline. `ts` is UTC; service, host and pid are this_process() (identity.hpp). Strings are
/// escaped by log_format::append_json_string(), so that each line parses with a strict JSON
/// parser: invalid UTF-8 becomes U+FFFD.
[[nodiscard]] FIBERLOG_API std::unique_ptr<spdlog::formatter> json_formatter(
    json_options options = {});

/// Gives every registered logger (the default one included) a clone of `formatter`, and
/// makes spdlog give one to every logger its factories create later (spdlog::stdout_color_mt
/// and friends, or spdlog::initialize_logger() for loggers built by hand).
FIBERLOG_API void install(std::unique_ptr<spdlog::formatter> formatter);

/// install(pattern_formatter(pattern, keys)): one line annotates an existing program.
FIBERLOG_API void install(std::string pattern = std::string(default_pattern),
                          std::vector<key_flag> keys = {});

/// What `logger->set_pattern(pattern, time)` does, with fiberlog's flags: gives `logger` (and
/// so its sinks) pattern_formatter(pattern, {}, time). spdlog's own set_pattern builds
/// spdlog's formatter, which prints `%K` and `%G` literally. Throws std::invalid_argument
/// for a null logger (e.g. spdlog::get() of a name never registered), changing nothing.
FIBERLOG_API void set_pattern(const std::shared_ptr<spdlog::logger>& logger, std::string pattern,
                              spdlog::pattern_time_type time = spdlog::pattern_time_type::local);

/// What `spdlog::set_pattern(pattern, time)` does, with fiberlog's flags: every registered
/// logger and every later one gets pattern_formatter(pattern, {}, time), as with install().
FIBERLOG_API void set_pattern(std::string pattern,
                              spdlog::pattern_time_type time = spdlog::pattern_time_type::local);

}  // namespace fiberlog
