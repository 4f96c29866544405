#include "detail/thread_slot.hpp"

#include <atomic>
#include <cassert>

#include <boost/fiber/context.hpp>

#include <fiberlog/detail/lineage.hpp>

namespace fiberlog::detail {
namespace {

constexpr std::uint64_t block_size = 1024;

struct number_block {
    std::uint64_t next = 0;
    std::uint64_t end = 0;
};

struct thread_slot {
    lineage* scheduler = nullptr;  // the fiberlog scheduler of this thread, if any
    fiber_state* own = nullptr;    // the thread's state when no fiberlog scheduler runs
    number_block fiber_ids;
    number_block serials;
};

// Constant-initialized and trivially destructible: usable at any point of thread exit,
// whatever order the thread_local destructors of Boost and the application run in.
thread_local thread_slot slot;

std::atomic<std::uint64_t> fiber_id_counter{1};
std::atomic<std::uint64_t> serial_counter{1};

std::uint64_t take(number_block& b, std::atomic<std::uint64_t>& counter) noexcept {
    if (b.next == b.end) {
        b.next = counter.fetch_add(block_size, std::memory_order_relaxed);
        b.end = b.next + block_size;
    }
    return b.next++;
}

// Frees the thread's own state when the thread ends.
struct own_state_reaper {
    ~own_state_reaper() {
        delete slot.own;
        slot.own = nullptr;
    }
};

fiber_state& own_state() {
    if (slot.own == nullptr) {
        thread_local own_state_reaper reaper;
        (void)reaper;
        slot.own = new fiber_state{next_fiber_id(), 0, {}};
    }
    return *slot.own;
}

fiber_state& state_of_running(lineage& l) {
    assert(l.running() == boost::fibers::context::active());
    return lineage::state_of(l.running());
}

}  // namespace

fiber_state& current_state() {
    if (lineage* l = slot.scheduler) return state_of_running(*l);
    return own_state();
}

fiber_state thread_state_for_main_context() {
    if (slot.own != nullptr) return *slot.own;
    return fiber_state{next_fiber_id(), 0, {}};
}

void register_scheduler(lineage* l) noexcept { slot.scheduler = l; }

void unregister_scheduler(lineage* l) noexcept {
    // A replacing scheduler registers before the old one is destroyed.
    if (slot.scheduler == l) slot.scheduler = nullptr;
}

std::uint64_t next_fiber_id() noexcept { return take(slot.fiber_ids, fiber_id_counter); }
std::uint64_t next_serial() noexcept { return take(slot.serials, serial_counter); }

}  // namespace fiberlog::detail
