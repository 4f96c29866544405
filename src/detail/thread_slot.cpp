#include "detail/thread_slot.hpp"

#include <fiberlog/lineage.hpp>

#include <atomic>

#include <fiberlog/diagnostics.hpp>

namespace fiberlog::detail {

FIBERLOG_TLS lineage* thread_scheduler = nullptr;
FIBERLOG_TLS thread_slot this_thread_slot;
std::atomic<std::size_t> properties_blocks_held{0};

namespace {

constexpr std::uint64_t block_size = 1024;

std::atomic<std::uint64_t> fiber_id_counter{1};
std::atomic<std::uint64_t> serial_counter{1};
std::atomic<std::uint64_t> trace_number_counter{1};

std::uint64_t first_of_new_block(number_block& b, std::atomic<std::uint64_t>& counter) noexcept {
    b.next = counter.fetch_add(block_size, std::memory_order_relaxed);
    b.end = b.next + block_size;
    return b.next++;
}

// Frees what the slot owns when the thread ends. Until it exists the thread caches no
// properties blocks (thread_slot::free_count).
struct slot_reaper {
    slot_reaper() noexcept { this_thread_slot.free_count = 0; }
    ~slot_reaper() {
        thread_slot& slot = this_thread_slot;
        delete slot.own;
        slot.own = nullptr;
        while (free_block* b = slot.free_properties) {
            slot.free_properties = b->next;
            free_properties_block(b);
        }
        slot.free_count = max_free_properties;  // from now on, released blocks are freed
    }
};

void ensure_reaper() {
    thread_local slot_reaper reaper;
    (void)reaper;
}

}  // namespace

origin& own_state() {
    thread_slot& slot = this_thread_slot;
    if (slot.own == nullptr) {
        ensure_reaper();
        slot.own = new origin{next_fiber_id(), 0, {}};
    }
    return *slot.own;
}

origin thread_origin_for_main_context() {
    if (this_thread_slot.own != nullptr) return *this_thread_slot.own;
    return origin{next_fiber_id(), 0, {}};
}

void register_scheduler(lineage* l) noexcept {
    ensure_reaper();
    thread_scheduler = l;
}

void unregister_scheduler(lineage* l) noexcept {
    // A replacing scheduler registers before the old one is destroyed.
    if (thread_scheduler == l) thread_scheduler = nullptr;
}

std::uint64_t first_fiber_id_of_new_block(number_block& b) noexcept {
    return first_of_new_block(b, fiber_id_counter);
}

std::uint64_t first_serial_of_new_block(number_block& b) noexcept {
    return first_of_new_block(b, serial_counter);
}

std::uint64_t first_trace_number_of_new_block(number_block& b) noexcept {
    return first_of_new_block(b, trace_number_counter);
}

}  // namespace fiberlog::detail

namespace fiberlog {

std::size_t properties_blocks() noexcept {
    return detail::properties_blocks_held.load(std::memory_order_relaxed);
}

}  // namespace fiberlog
