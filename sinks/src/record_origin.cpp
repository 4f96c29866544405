#include "record_origin.hpp"

#include <fiberlog/origin.hpp>

namespace fiberlog::detail {
namespace {

// A plain pointer, constant-initialized: one TLS load, no guard.
thread_local const record_origin* override_origin = nullptr;

}  // namespace

record_origin current_origin() noexcept {
    if (override_origin != nullptr) return *override_origin;
    const origin& running = fiberlog::current_origin();
    return record_origin{running.fiber, running.parent, &running.ctx, running.span,
                         running.parent_span};
}

std::optional<std::int64_t> remaining_ms(const record_origin& origin) noexcept {
    const auto deadline = origin.ctx->deadline();
    if (!deadline) return std::nullopt;
    using clock = std::chrono::steady_clock;
    const clock::time_point at =
        origin.logged_at == clock::time_point{} ? clock::now() : origin.logged_at;
    if (*deadline <= at) return 0;
    return std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - at).count();
}

origin_override::origin_override(const record_origin& origin) noexcept
    : previous_(override_origin) {
    override_origin = &origin;
}

origin_override::~origin_override() { override_origin = previous_; }

}  // namespace fiberlog::detail
