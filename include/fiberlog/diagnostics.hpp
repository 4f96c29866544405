#pragma once

#include <cstddef>

#include <fiberlog/export.hpp>

namespace fiberlog {

/// How many contexts exist right now in the process (copies of one count once). A context
/// lives as long as a fiber, a guard, a queued log record or a user's copy refers to it, so
/// in a steady state this stays flat; a growing number means something holds contexts.
/// Lock-free.
FIBERLOG_API std::size_t live_snapshots() noexcept;

/// How many cancellation nodes (one per cancel_scope) exist right now. A node lives as long
/// as a context refers to it -- the scope's own, a fiber's, a copy's -- so this drops back
/// when the fibers launched under a scope have ended. Lock-free.
FIBERLOG_API std::size_t live_cancel_nodes() noexcept;

/// How many memory blocks fiberlog holds for fiber properties: one for each live context that
/// has a fiberlog::properties (fibers, and the main and dispatcher contexts of threads running
/// a fiberlog scheduler; a class derived from it is allocated apart and not counted) plus the
/// blocks each such thread keeps for reuse (at most 4096 a thread, freed when it exits). Back where it was once those fibers ended and those threads
/// exited; a growing number means a leak. Lock-free.
FIBERLOG_API std::size_t properties_blocks() noexcept;

}  // namespace fiberlog
