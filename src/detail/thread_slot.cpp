#include "detail/thread_slot.hpp"

#include <atomic>

#include <boost/fiber/context.hpp>

#include <fiberlog/detail/lineage.hpp>

namespace fiberlog::detail {
namespace {

constexpr std::uint64_t block_size = 1024;

struct number_block {
    std::uint64_t next = 0;
    std::uint64_t end = 0;
};

constexpr std::size_t max_free_properties = 4096;

struct free_block {
    free_block* next;
};

struct thread_slot {
    fiber_state* own = nullptr;    // the thread's state when no fiberlog scheduler runs
    number_block fiber_ids;
    number_block serials;
    free_block* free_properties = nullptr;
    std::size_t free_count = 0;
    bool exiting = false;  // thread_local destructors have started: stop caching
};

// Constant-initialized and trivially destructible: usable at any point of thread exit,
// whatever order the thread_local destructors of Boost and the application run in.
thread_local thread_slot slot;

}  // namespace

__thread lineage* thread_scheduler = nullptr;

namespace {

std::atomic<std::uint64_t> fiber_id_counter{1};
std::atomic<std::uint64_t> serial_counter{1};

std::uint64_t take(number_block& b, std::atomic<std::uint64_t>& counter) noexcept {
    if (b.next == b.end) {
        b.next = counter.fetch_add(block_size, std::memory_order_relaxed);
        b.end = b.next + block_size;
    }
    return b.next++;
}

// Frees what the slot owns when the thread ends.
struct slot_reaper {
    ~slot_reaper() {
        slot.exiting = true;
        delete slot.own;
        slot.own = nullptr;
        while (free_block* b = slot.free_properties) {
            slot.free_properties = b->next;
            ::operator delete(b);
        }
        slot.free_count = 0;
    }
};

void ensure_reaper() {
    thread_local slot_reaper reaper;
    (void)reaper;
}

}  // namespace

fiber_state& own_state() {
    if (slot.own == nullptr) {
        ensure_reaper();
        slot.own = new fiber_state{next_fiber_id(), 0, {}};
    }
    return *slot.own;
}

fiber_state thread_state_for_main_context() {
    if (slot.own != nullptr) return *slot.own;
    return fiber_state{next_fiber_id(), 0, {}};
}

void register_scheduler(lineage* l) noexcept {
    ensure_reaper();
    thread_scheduler = l;
}

void* allocate_properties(std::size_t size) {
    if (free_block* b = slot.free_properties) {
        slot.free_properties = b->next;
        --slot.free_count;
        return b;
    }
    return ::operator new(size);
}

void release_properties(void* p) noexcept {
#if defined(__SANITIZE_ADDRESS__)
    // A recycled block would hide a use-after-free from AddressSanitizer.
    return ::operator delete(p);
#endif
    if (slot.exiting || slot.free_count == max_free_properties) return ::operator delete(p);
    auto* b = static_cast<free_block*>(p);
    b->next = slot.free_properties;
    slot.free_properties = b;
    ++slot.free_count;
}

void unregister_scheduler(lineage* l) noexcept {
    // A replacing scheduler registers before the old one is destroyed.
    if (thread_scheduler == l) thread_scheduler = nullptr;
}

std::uint64_t next_fiber_id() noexcept { return take(slot.fiber_ids, fiber_id_counter); }
std::uint64_t next_serial() noexcept { return take(slot.serials, serial_counter); }

}  // namespace fiberlog::detail
