#include <fiberlog/algo/round_robin.hpp>

#include <boost/fiber/context.hpp>

// Mirrors boost/libs/fiber/src/algo/round_robin.cpp (1.74), plus the lineage hooks.

namespace fiberlog::algo {

void round_robin::awakened(boost::fibers::context* ctx) noexcept {
    // Only this thread reads the ready queue, so the lineage work may follow the enqueue
    // (elsewhere it comes first): then it is a tail call and the common path saves no
    // registers (bench/instructions).
    ctx->ready_link(rqueue_);
    lineage_.awakened(ctx);
}

boost::fibers::context* round_robin::pick_next() noexcept {
    boost::fibers::context* victim = nullptr;
    if (!rqueue_.empty()) {
        victim = &rqueue_.front();
        rqueue_.pop_front();
    }
    lineage_.picked(victim);
    return victim;
}

bool round_robin::has_ready_fibers() const noexcept { return !rqueue_.empty(); }

void round_robin::suspend_until(std::chrono::steady_clock::time_point const& tp) noexcept {
    idle_.sleep_until(tp);
}

void round_robin::notify() noexcept {
    idle_.wake();
}

}  // namespace fiberlog::algo
