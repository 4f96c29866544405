#pragma once

#include <cstdint>

#include <fiberlog/export.hpp>

namespace fiberlog {

/// The id of the calling execution context: a fiber, a thread's main context, or a plain
/// thread. Non-zero, unique in the process and never reused. Under fiberlog's schedulers it
/// follows the fiber across threads; elsewhere it is the thread's id (all fibers of a thread
/// that runs Boost's own scheduler share it).
///
/// Never throws, nor does any noexcept reader (parent_id, cancelled, deadline, remaining,
/// expired). The first such call on a thread may allocate, once: the thread's own state on a
/// thread without a fiberlog scheduler, the main context's properties on a thread whose
/// scheduler is fiberlog's but whose main context never yielded yet. If that allocation
/// fails, std::terminate is called. Call one of them when a thread starts to allocate there.
FIBERLOG_API std::uint64_t fiber_id() noexcept;

/// The fiber_id() of the context that launched the calling fiber; 0 for roots (a thread's
/// main context, a plain thread, the scheduler's dispatcher, any fiber outside fiberlog's
/// schedulers).
FIBERLOG_API std::uint64_t parent_id() noexcept;

}  // namespace fiberlog
