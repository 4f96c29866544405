#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <random>

#include <boost/fiber/algo/algorithm.hpp>

#include <fiberlog/detail/idle_wait.hpp>
#include <fiberlog/lineage.hpp>
#include <fiberlog/export.hpp>
#include <fiberlog/properties.hpp>

namespace fiberlog::detail {
class ready_queue;
struct stealing_pool;
}  // namespace fiberlog::detail

namespace fiberlog::algo {

/// Boost's work_stealing with fiberlog properties: each thread has its own ready queue and
/// an idle thread steals ready fibers from the others, so fibers migrate -- and their ids and
/// contexts go with them. Install it on each of `thread_count` threads; the constructor
/// waits until all of them have joined the pool. Unlike Boost's, a process may form any
/// number of pools one after another (each set of `thread_count` threads that install it
/// together is one pool), and a pool is freed when its last thread ends.
/// `suspend`: idle threads sleep on a condition variable instead of spinning.
class FIBERLOG_API work_stealing final
    : public boost::fibers::algo::algorithm {
public:
    explicit work_stealing(std::uint32_t thread_count, bool suspend = false);
    ~work_stealing() override;
    work_stealing(const work_stealing&) = delete;
    work_stealing& operator=(const work_stealing&) = delete;

    void awakened(boost::fibers::context* ctx) noexcept override;
    boost::fibers::context* pick_next() noexcept override;
    bool has_ready_fibers() const noexcept override;
    void suspend_until(std::chrono::steady_clock::time_point const& tp) noexcept override;
    void notify() noexcept override;

private:
    boost::fibers::context* steal_() noexcept;

    lineage lineage_{this};
    std::shared_ptr<detail::stealing_pool> pool_;
    detail::ready_queue* rqueue_;  // this thread's queue, owned by pool_
    std::uint32_t index_;
    std::minstd_rand rng_;
    detail::idle_wait idle_;
    bool suspend_;
};

}  // namespace fiberlog::algo
