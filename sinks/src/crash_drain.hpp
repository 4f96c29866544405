#pragma once

// async_options::drain_on_crash: the process-wide handlers for fatal signals and
// std::terminate, and the set of sinks they drain. A handler asks each registered sink's
// worker thread to write and flush what its sink had accepted, waits for it (bounded by the
// sink's timeout) and then lets the process die of what was killing it.
//
// Why the worker does the work and the handler only asks: the crashing thread may hold any
// lock (the heap's, stdio's, a sink's) and is interrupted at an arbitrary instruction, so it
// must not format, allocate or write. The worker is an ordinary thread in an ordinary state;
// it runs the same code it runs every day. The handler touches only lock-free atomics, a
// POSIX semaphore (sem_post), clock_gettime, nanosleep, sigaction and raise: all of them
// async-signal-safe.

#include <semaphore.h>
#include <sys/types.h>

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace fiberlog::sinks::detail {

// What the crash handlers see of one sink.
struct crash_channel {
    sem_t* wake = nullptr;        // posted to wake the sink's worker
    std::int64_t timeout_ns = 0;  // how long a handler waits for this worker
    pid_t pid = 0;                // the process whose worker serves this channel (not a fork)
    std::atomic<pid_t> worker_tid{0};  // the worker's thread id, once it runs
    // Drains asked for so far (a handler adds one and waits for served to reach its number)
    // and the last one the worker completed. The worker sets `served` to the maximum when it
    // exits: everything the sink accepted is written by then.
    std::atomic<std::uint64_t> requested{0};
    std::atomic<std::uint64_t> served{0};
};

// While alive, `channel` is drained by the crash handlers, which are installed (once per
// process, and left installed) by the first registration. Throws std::length_error when
// max_registered sinks are registered already, std::system_error if a handler cannot be
// installed. The destructor waits for a drain that is looking at the channel to finish.
class crash_registration {
public:
    static constexpr std::size_t max_registered = 64;

    explicit crash_registration(crash_channel& channel);
    ~crash_registration();
    crash_registration(const crash_registration&) = delete;
    crash_registration& operator=(const crash_registration&) = delete;

private:
    std::size_t slot_;
};

// The calling thread's kernel thread id (gettid), async-signal-safe.
pid_t current_thread_id() noexcept;

}  // namespace fiberlog::sinks::detail
