#include "trace/ids.hpp"

#include <pthread.h>
#include <unistd.h>

#include <chrono>
#include <random>

#include "detail/thread_slot.hpp"
#include "trace/mix.hpp"

namespace fiberlog::detail {
namespace {

// Ids are a keyed bijection (trace/mix.hpp) of counter numbers: a span's number is a fiber
// id, a trace's comes from a counter of its own (both handed out in per-thread blocks).
struct id_keys {
    std::uint64_t span;
    std::uint64_t trace_hi;
    std::uint64_t trace_lo;
};

id_keys fresh_keys() noexcept {
    std::uint64_t seed[3] = {};
    try {
        std::random_device device;  // getrandom() on Linux
        for (std::uint64_t& s : seed) s = (std::uint64_t{device()} << 32) ^ std::uint64_t{device()};
    } catch (...) {
        // No entropy source: still distinct per process and per start.
        const auto now = static_cast<std::uint64_t>(
            std::chrono::high_resolution_clock::now().time_since_epoch().count());
        const auto pid = static_cast<std::uint64_t>(::getpid());
        seed[0] = mix(now ^ (pid << 32));
        seed[1] = mix(seed[0] + 1);
        seed[2] = mix(seed[0] + 2);
    }
    return {seed[0], seed[1], seed[2]};
}

id_keys& keys() noexcept;

// A forked child continues its parent's counter: new keys keep its ids apart from the
// parent's. Only the forking thread lives in the child, so the write races with nothing.
void rekey_after_fork() noexcept { keys() = fresh_keys(); }

id_keys& keys() noexcept {
    static id_keys k = [] {
        ::pthread_atfork(nullptr, nullptr, rekey_after_fork);
        return fresh_keys();
    }();
    return k;
}

}  // namespace

std::uint64_t span_of_fiber(std::uint64_t fiber) noexcept { return keyed_span(fiber, keys().span); }

std::uint64_t new_span_id() noexcept { return span_of_fiber(this_thread_slot.next_fiber_id()); }

trace_id_bits new_trace_id() noexcept {
    const id_keys& k = keys();
    for (;;) {
        const std::uint64_t n = this_thread_slot.next_trace_number();
        const trace_id_bits id{mix(n + k.trace_hi), mix(n + k.trace_lo)};
        if (id.hi != 0 || id.lo != 0) return id;
    }
}

}  // namespace fiberlog::detail
