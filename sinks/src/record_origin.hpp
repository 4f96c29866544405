#pragma once

// Where a record was logged from: the fiber, its parent, its context and, in a trace, its
// span. A formatter asks current_origin(); on an async sink's worker, that is the captured
// origin of the record being written, not the worker's own.

#include <chrono>
#include <cstdint>
#include <optional>

#include <fiberlog/context.hpp>

namespace fiberlog::detail {

struct record_origin {
    std::uint64_t fiber = 0;
    std::uint64_t parent = 0;
    const context* ctx = nullptr;  // never null once made by current_origin()
    std::uint64_t span = 0;         // in a trace (ctx->trace_id() not empty): the fiber's span
    std::uint64_t parent_span = 0;  // and its parent span, 0 if none
    // When the record was logged, for the remaining time to its deadline; unset (epoch)
    // means "now": the record is being formatted where it was logged.
    std::chrono::steady_clock::time_point logged_at{};
};

record_origin current_origin() noexcept;

// Milliseconds from when the record was logged to its context's deadline (0 once passed),
// or nullopt when the context has no deadline.
std::optional<std::int64_t> remaining_ms(const record_origin& origin) noexcept;

// While alive, current_origin() on this thread answers `origin`.
class origin_override {
public:
    explicit origin_override(const record_origin& origin) noexcept;
    ~origin_override();
    origin_override(const origin_override&) = delete;
    origin_override& operator=(const origin_override&) = delete;

private:
    const record_origin* previous_;
};

}  // namespace fiberlog::detail
