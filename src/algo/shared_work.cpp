#include <fiberlog/algo/shared_work.hpp>

#include <deque>
#include <mutex>

#include <boost/fiber/context.hpp>
#include <boost/fiber/type.hpp>

// Mirrors boost/libs/fiber/src/algo/shared_work.cpp (1.74), plus the lineage hooks.

namespace fiberlog::algo {
namespace {

// The one ready queue all shared_work threads of the process take worker fibers from.
struct shared_queue {
    std::mutex mtx;
    std::deque<boost::fibers::context*> ready;
};

shared_queue& shared() {
    static shared_queue q;
    return q;
}

}  // namespace

void shared_work::awakened(boost::fibers::context* ctx) noexcept {
    lineage_.awakened(ctx);  // before the fiber can run on another thread
    if (ctx->is_context(boost::fibers::type::pinned_context)) {
        // This thread's main or dispatcher context: never on the shared queue.
        ctx->ready_link(lqueue_);
        return;
    }
    ctx->detach();
    shared_queue& q = shared();
    std::lock_guard<std::mutex> lk{q.mtx};
    q.ready.push_back(ctx);
}

boost::fibers::context* shared_work::pick_next() noexcept {
    boost::fibers::context* ctx = nullptr;
    shared_queue& q = shared();
    std::unique_lock<std::mutex> lk{q.mtx};
    if (!q.ready.empty()) {
        ctx = q.ready.front();
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
