#pragma once

// Deadlines inherited down the fiber tree (Go's context.WithDeadline, without the context
// parameter): set once, checked from any call depth and in every fiber launched below.

#include <chrono>
#include <optional>

#include <fiberlog/context.hpp>
#include <fiberlog/export.hpp>

namespace fiberlog {

namespace detail {

// now + d, saturated at time_point::max() (so `hours::max()` means "never").
template <class Rep, class Period>
std::chrono::steady_clock::time_point after(std::chrono::duration<Rep, Period> d) {
    using clock = std::chrono::steady_clock;
    const auto now = clock::now();
    const auto room = clock::time_point::max() - now;
    if (d >= std::chrono::duration_cast<std::chrono::duration<Rep, Period>>(room))
        return clock::time_point::max();
    return now + std::chrono::duration_cast<clock::duration>(d);
}

}  // namespace detail

/// The current context's deadline, or nullopt when it has none. Fibers launched by the caller
/// inherit it, as do snapshot(), wrap() and launch_with() copies.
FIBERLOG_API std::optional<std::chrono::steady_clock::time_point> deadline() noexcept;

/// The time left until the current deadline: zero once it passed, never negative, and
/// steady_clock::duration::max() when there is no deadline (so `std::min(remaining(), t)`
/// needs no special case).
FIBERLOG_API std::chrono::steady_clock::duration remaining() noexcept;

/// True when the current context has a deadline and it has passed. Reads the clock only when
/// there is a deadline.
FIBERLOG_API bool expired() noexcept;

/// Gives the current fiber the deadline `t` -- or keeps the inherited one if that is earlier
/// -- for the lifetime of this object, then restores the previous deadline (keys changed in
/// the scope keep their changes). Fibers launched meanwhile inherit it. Use it as a local in
/// the fiber that created it; not copyable or movable. The destructor never throws and
/// allocates only when the context inside the scope was replaced and the deadline differs:
/// it then builds a new snapshot, and std::terminate is called if that allocation fails.
class FIBERLOG_API deadline_scope {
public:
    explicit deadline_scope(std::chrono::steady_clock::time_point t);
    /// A deadline `d` from now (saturated: a huge duration means no new deadline).
    template <class Rep, class Period>
    explicit deadline_scope(std::chrono::duration<Rep, Period> d)
        : deadline_scope(detail::after(d)) {}
    ~deadline_scope();
    deadline_scope(const deadline_scope&) = delete;
    deadline_scope& operator=(const deadline_scope&) = delete;

private:
    context before_;     // the context when the scope was entered
    context installed_;  // what the scope made current; restoring is O(1) while unchanged
};

}  // namespace fiberlog
