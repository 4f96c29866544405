#pragma once

// Per-thread state: the only thread_locals in the library live in thread_slot.cpp. None of
// them holds per-fiber state across a switch.

#include <cstddef>
#include <cstdint>

#include <boost/config.hpp>

#include <fiberlog/detail/lineage.hpp>
#include <fiberlog/properties.hpp>

namespace fiberlog::detail {

// The fiberlog scheduler serving the calling thread, or null. GNU `__thread` rather than
// thread_local: a pointer needs no constructor, and so every reader in the library gets a
// single TLS load instead of a call through a thread_local's initialization wrapper.
extern __thread lineage* thread_scheduler;

// The thread's own state, used when no fiberlog scheduler runs (created on first use).
fiber_state& own_state();

// The fiber_state of whatever runs now: the running fiber's properties under a fiberlog
// scheduler, else the thread's own state. Inline: it is the first step of every read.
inline fiber_state& current_state() {
    if (lineage* l = thread_scheduler) {
        if (BOOST_LIKELY(l->running()->get_properties() != nullptr))
            return static_cast<properties*>(l->running()->get_properties())->state();
        return lineage::state_of(l->running());
    }
    return own_state();
}

// The thread's own state as a fresh fiber_state for the thread's main context, which keeps
// the thread's id and context when a fiberlog scheduler is installed.
fiber_state thread_state_for_main_context();

// A fiberlog scheduler now serves (or no longer serves) the calling thread.
void register_scheduler(lineage* l) noexcept;
void unregister_scheduler(lineage* l) noexcept;

// Memory for fiberlog::properties, kept on a bounded per-thread free list. A block may be
// released on another thread than the one that allocated it (a fiber joined elsewhere).
void* allocate_properties(std::size_t size);
void release_properties(void* p) noexcept;

// Unique, never reused, non-zero numbers, handed out from per-thread blocks so the shared
// counter is touched once per block, not once per call.
std::uint64_t next_fiber_id() noexcept;
std::uint64_t next_serial() noexcept;

}  // namespace fiberlog::detail
