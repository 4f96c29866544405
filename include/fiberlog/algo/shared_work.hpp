#pragma once

#include <chrono>
#include <cstdint>

#include <boost/fiber/algo/algorithm.hpp>
#include <boost/fiber/scheduler.hpp>
#include <boost/fiber/type.hpp>

#include <fiberlog/detail/idle_wait.hpp>
#include <fiberlog/export.hpp>
#include <fiberlog/lineage.hpp>
#include <fiberlog/properties.hpp>

namespace fiberlog::algo {

/// Boost's shared_work with fiberlog properties: every thread that installs it takes ready
/// fibers from one process-wide FIFO, so fibers migrate between threads -- and their ids and
/// contexts go with them. Each thread's main and dispatcher contexts stay on that thread.
/// Unlike Boost 1.74's, they take their turn among the shared fibers instead of waiting for
/// the shared queue to run empty, so sleeps, deadlines and wake-ups from other threads end
/// even while fibers keep yielding (tests/test_timers.cpp).
/// `suspend`: idle threads sleep on a condition variable instead of spinning.
class FIBERLOG_API shared_work final : public boost::fibers::algo::algorithm {
public:
    explicit shared_work(bool suspend = false) noexcept : suspend_(suspend) {}
    shared_work(const shared_work&) = delete;
    shared_work& operator=(const shared_work&) = delete;

    void awakened(boost::fibers::context* ctx) noexcept override;
    boost::fibers::context* pick_next() noexcept override;
    bool has_ready_fibers() const noexcept override;
    void suspend_until(std::chrono::steady_clock::time_point const& tp) noexcept override;
    void notify() noexcept override;

private:
    // When the pinned context `ctx` was queued: the shared queue's next ticket then.
    std::uint64_t& pinned_ticket(boost::fibers::context* ctx) noexcept {
        return ctx->is_context(boost::fibers::type::main_context) ? main_ticket_
                                                                  : dispatcher_ticket_;
    }

    lineage lineage_{this};
    boost::fibers::scheduler::ready_queue_type lqueue_;  // this thread's pinned contexts
    std::uint64_t main_ticket_ = 0;
    std::uint64_t dispatcher_ticket_ = 0;
    detail::idle_wait idle_;
    bool suspend_;
};

}  // namespace fiberlog::algo
