#pragma once

#include <chrono>

#include <boost/fiber/algo/algorithm.hpp>
#include <boost/fiber/scheduler.hpp>

#include <fiberlog/detail/idle_wait.hpp>
#include <fiberlog/lineage.hpp>
#include <fiberlog/export.hpp>
#include <fiberlog/properties.hpp>

namespace fiberlog::algo {

/// Boost's shared_work with fiberlog properties: every thread that installs it takes ready
/// fibers from one process-wide FIFO, so fibers migrate between threads -- and their ids and
/// contexts go with them. Each thread's main and dispatcher contexts stay on that thread.
/// `suspend`: idle threads sleep on a condition variable instead of spinning.
class FIBERLOG_API shared_work final
    : public boost::fibers::algo::algorithm {
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
    lineage lineage_{this};
    boost::fibers::scheduler::ready_queue_type lqueue_;  // this thread's pinned contexts
    detail::idle_wait idle_;
    bool suspend_;
};

}  // namespace fiberlog::algo
