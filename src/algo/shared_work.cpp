#include <fiberlog/algo/shared_work.hpp>

#include <atomic>
#include <cstdint>
#include <deque>
#include <mutex>

#include <boost/fiber/context.hpp>
#include <boost/fiber/type.hpp>

// Mirrors boost/libs/fiber/src/algo/shared_work.cpp (1.74), plus the lineage hooks, with one
// change: a thread's own pinned contexts take their turn among the shared fibers.
//
// Why: Boost runs a thread's due sleepers and the wake-ups other threads sent it only in its
// dispatcher context, and Boost's shared_work picks the thread's dispatcher (and main
// context) only when the shared queue is empty. With fibers that keep yielding it never is,
// so no sleep, timed wait or deadline ended and no fiber woken from another thread ran. Here
// every shared push takes a ticket, and a pinned context queued when the next ticket was T
// runs as soon as the shared fibers queued before it (tickets below T) have been taken: the
// order round_robin gives, with one FIFO per thread.

namespace fiberlog::algo {
namespace {

// The one ready queue all shared_work threads of the process take worker fibers from.
struct shared_queue {
    struct entry {
        boost::fibers::context* ctx;
        std::uint64_t ticket;
    };
    std::mutex mtx;
    std::deque<entry> ready;
    // The ticket of the next push. Written under mtx; read without it by a thread queuing a
    // pinned context, for which a ticket that is a few pushes late changes nothing.
    std::atomic<std::uint64_t> next_ticket{0};
};

shared_queue& shared() {
    static shared_queue q;
    return q;
}

}  // namespace

void shared_work::awakened(boost::fibers::context* ctx) noexcept {
    lineage_.awakened(ctx);  // before the fiber can run on another thread
    shared_queue& q = shared();
    if (ctx->is_context(boost::fibers::type::pinned_context)) {
        // This thread's main or dispatcher context: never on the shared queue.
        pinned_ticket(ctx) = q.next_ticket.load(std::memory_order_relaxed);
        ctx->ready_link(lqueue_);
        return;
    }
    ctx->detach();
    std::lock_guard<std::mutex> lk{q.mtx};
    const std::uint64_t ticket = q.next_ticket.load(std::memory_order_relaxed);
    q.ready.push_back({ctx, ticket});
    q.next_ticket.store(ticket + 1, std::memory_order_relaxed);
}

boost::fibers::context* shared_work::pick_next() noexcept {
    boost::fibers::context* ctx = nullptr;
    shared_queue& q = shared();
    std::unique_lock<std::mutex> lk{q.mtx};
    const bool local_first =
        !lqueue_.empty() &&
        (q.ready.empty() || pinned_ticket(&lqueue_.front()) <= q.ready.front().ticket);
    if (!local_first && !q.ready.empty()) {
        ctx = q.ready.front().ctx;
        q.ready.pop_front();
        lk.unlock();
        boost::fibers::context::active()->attach(ctx);
    } else {
        lk.unlock();
        if (!lqueue_.empty()) {
            ctx = &lqueue_.front();
            lqueue_.pop_front();
        }
    }
    lineage_.picked(ctx);
    return ctx;
}

bool shared_work::has_ready_fibers() const noexcept {
    shared_queue& q = shared();
    std::lock_guard<std::mutex> lk{q.mtx};
    return !q.ready.empty() || !lqueue_.empty();
}

void shared_work::suspend_until(std::chrono::steady_clock::time_point const& tp) noexcept {
    if (!suspend_) return;
    idle_.sleep_until(tp);
}

void shared_work::notify() noexcept {
    if (!suspend_) return;
    idle_.wake();
}

}  // namespace fiberlog::algo
