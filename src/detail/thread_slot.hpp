#pragma once

// Per-thread state: the only thread-locals in the library live in thread_slot.cpp. None of
// them holds per-fiber state across a switch.
//
// They are GNU `__thread` PODs rather than thread_locals: constant-initialized and trivially
// destructible, so every access is a single TLS-relative load (no initialization wrapper),
// and they stay usable at any point of thread exit, whatever order the thread_local
// destructors of Boost and the application run in. Their fast paths are inline: a launch
// allocates an id and a properties block, and a call into another file there cost more
// than the work (bench/instructions).

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <new>

#include <boost/config.hpp>

#include <fiberlog/origin.hpp>

namespace fiberlog {
class lineage;
}

namespace fiberlog::detail {

// The initial-exec TLS model: the address of a thread-local is one load from the GOT that the
// compiler can reuse, not a __tls_get_addr call per access (the general-dynamic default for
// position-independent code). The cost: a libfiberlog.so loaded with dlopen needs glibc's
// spare static TLS (ample for these ~100 bytes).
#define FIBERLOG_TLS __thread __attribute__((tls_model("initial-exec")))

// The lineage of the fiberlog-aware scheduler serving the calling thread, or null.
extern FIBERLOG_TLS lineage* thread_scheduler;

// A run of numbers taken from a shared counter, handed out one by one.
struct number_block {
    std::uint64_t next = 0;
    std::uint64_t end = 0;
};

// Refill a block from the shared counter of fiber ids (or of snapshot serials, or of the
// numbers trace and span ids are made from) and take its first number.
std::uint64_t first_fiber_id_of_new_block(number_block& b) noexcept;
std::uint64_t first_serial_of_new_block(number_block& b) noexcept;
std::uint64_t first_trace_number_of_new_block(number_block& b) noexcept;

// A released fiberlog::properties block, kept for the next launch on this thread.
struct free_block {
    free_block* next;
};

constexpr std::size_t max_free_properties = 4096;

// Blocks taken from operator new for fiberlog::properties and not yet given back: the live
// fibers' and the free lists'. Touched only off the fast paths (fiberlog::properties_blocks).
extern std::atomic<std::size_t> properties_blocks_held;

// Gives a properties block back to operator delete.
inline void free_properties_block(void* p) noexcept {
    properties_blocks_held.fetch_sub(1, std::memory_order_relaxed);
    ::operator delete(p);
}

struct thread_slot {
    origin* own = nullptr;        // the thread's state when no fiberlog scheduler runs
    number_block fiber_ids;
    number_block serials;
    number_block trace_numbers;
    free_block* free_properties = nullptr;
    // Blocks on free_properties. It starts at the maximum, so a thread caches nothing until
    // it registers the reaper that frees its list at exit (own_state, register_scheduler): a
    // thread that only releases blocks -- a plain thread joining a fiber's last reference --
    // frees them at once. The reaper sets it to the maximum again: caching stops at exit.
    std::size_t free_count = max_free_properties;

    // Unique, never reused, non-zero numbers, handed out from per-thread blocks so the
    // shared counter is touched once per block, not once per call.
    std::uint64_t next_fiber_id() noexcept {
        if (BOOST_UNLIKELY(fiber_ids.next == fiber_ids.end))
            return first_fiber_id_of_new_block(fiber_ids);
        return fiber_ids.next++;
    }
    std::uint64_t next_serial() noexcept {
        if (BOOST_UNLIKELY(serials.next == serials.end)) return first_serial_of_new_block(serials);
        return serials.next++;
    }
    std::uint64_t next_trace_number() noexcept {
        if (BOOST_UNLIKELY(trace_numbers.next == trace_numbers.end))
            return first_trace_number_of_new_block(trace_numbers);
        return trace_numbers.next++;
    }

    // Memory for fiberlog::properties, kept on a bounded free list. A block may be released
    // on another thread than the one that allocated it (a fiber joined elsewhere).
    void* allocate_properties(std::size_t size) {
        if (free_block* b = free_properties) {
            free_properties = b->next;
            --free_count;
            return b;
        }
        void* p = ::operator new(size);
        properties_blocks_held.fetch_add(1, std::memory_order_relaxed);
        return p;
    }
    void release_properties(void* p) noexcept {
#if defined(__SANITIZE_ADDRESS__)
        // A recycled block would hide a use-after-free from AddressSanitizer.
        return free_properties_block(p);
#endif
        if (BOOST_UNLIKELY(free_count == max_free_properties)) return free_properties_block(p);
        auto* b = static_cast<free_block*>(p);
        b->next = free_properties;
        free_properties = b;
        ++free_count;
    }
};

extern FIBERLOG_TLS thread_slot this_thread_slot;

// The thread's own state, used when no fiberlog scheduler runs (created on first use).
origin& own_state();

// The thread's own state as a fresh origin for the thread's main context, which keeps the
// thread's id and context when a fiberlog scheduler is installed.
origin thread_origin_for_main_context();

// A fiberlog scheduler now serves (or no longer serves) the calling thread.
void register_scheduler(lineage* l) noexcept;
void unregister_scheduler(lineage* l) noexcept;

inline std::uint64_t next_fiber_id() noexcept { return this_thread_slot.next_fiber_id(); }
inline std::uint64_t next_serial() noexcept { return this_thread_slot.next_serial(); }

}  // namespace fiberlog::detail
