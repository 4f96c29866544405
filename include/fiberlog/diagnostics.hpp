#pragma once

#include <cstddef>

#include <fiberlog/export.hpp>

namespace fiberlog {

/// How many context snapshots exist right now in the process. A snapshot lives as long as a
/// fiber, a guard, a queued log record or a user's copy refers to it, so in a steady state
/// this stays flat; a growing number means something holds contexts. Lock-free.
FIBERLOG_API std::size_t live_snapshots() noexcept;

}  // namespace fiberlog
