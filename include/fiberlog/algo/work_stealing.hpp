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
/// contexts go with them. Install it on each of a pool's threads; the constructor waits until
/// all of them have joined the pool. Unlike Boost's, a process may have any number of pools,
/// and a pool is freed when its last thread ends.
///
/// Stealing differs from Boost 1.74's in one case, on purpose: when a thread's main or
/// dispatcher context heads its queue, Boost's thief gives up, fiberlog's takes the first
/// fiber behind it. A busy thread's dispatcher is back in its queue after every fiber it
/// resumes, so Boost's idle threads miss work that is there (tests/test_work_stealing.cpp).
/// `suspend`: idle threads sleep on a condition variable instead of spinning.
///
/// The constructors throw (std::invalid_argument, std::bad_alloc, what std::random_device
/// throws). Boost 1.74's use_scheduling_algorithm<>() is noexcept, so an exception there
/// ends the program through std::terminate, which prints it.
class FIBERLOG_API work_stealing final
    : public boost::fibers::algo::algorithm {
public:
    /// One pool's identity: create it once, with the pool's size, and give it to the
    /// work_stealing of each of its threads. Threads given different pools never share
    /// fibers, whatever order they install in. Copies name the same pool; any thread.
    class FIBERLOG_API pool {
    public:
        /// A pool of `thread_count` threads (0 is taken as 1). Throws std::bad_alloc.
        explicit pool(std::uint32_t thread_count);
        std::uint32_t thread_count() const noexcept;
        /// No more threads will join: the members waiting for the rest go on as a smaller
        /// pool (scheduler_threads calls it when a thread fails to start). Idempotent.
        void close() noexcept;

    private:
        friend class work_stealing;
        std::shared_ptr<detail::stealing_pool> p_;
    };

    /// Joins the pool of `thread_count` threads now forming, or starts one: the first
    /// `thread_count` threads that install it form a pool, the next ones the next pool. Pools
    /// formed this way from several threads at once can mix their threads: use a `pool` then.
    /// Throws std::invalid_argument when a pool of another size is still forming.
    explicit work_stealing(std::uint32_t thread_count, bool suspend = false);
    /// Joins `p` and waits until all its threads joined (or p.close()). Throws
    /// std::invalid_argument when `p` has all its threads already.
    explicit work_stealing(const pool& p, bool suspend = false);
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
