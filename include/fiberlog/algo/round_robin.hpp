#pragma once

#include <chrono>

#include <boost/fiber/algo/algorithm.hpp>
#include <boost/fiber/scheduler.hpp>

#include <fiberlog/detail/idle_wait.hpp>
#include <fiberlog/lineage.hpp>
#include <fiberlog/export.hpp>
#include <fiberlog/properties.hpp>

namespace fiberlog::algo {

/// Boost's round_robin (one FIFO ready queue per thread, no migration) with fiberlog
/// properties: every fiber launched under it gets an id and inherits its launcher's context.
/// Install it on each thread, before launching fibers there:
/// `boost::fibers::use_scheduling_algorithm<fiberlog::algo::round_robin>();`
class FIBERLOG_API round_robin final
    : public boost::fibers::algo::algorithm {
public:
    round_robin() = default;
    round_robin(const round_robin&) = delete;
    round_robin& operator=(const round_robin&) = delete;

    void awakened(boost::fibers::context* ctx) noexcept override;
    boost::fibers::context* pick_next() noexcept override;
    bool has_ready_fibers() const noexcept override;
    void suspend_until(std::chrono::steady_clock::time_point const& tp) noexcept override;
    void notify() noexcept override;

private:
    lineage lineage_{this};
    boost::fibers::scheduler::ready_queue_type rqueue_;
    detail::idle_wait idle_;
};

}  // namespace fiberlog::algo
