#include <fiberlog/algo/work_stealing.hpp>

#include <cstdio>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <vector>

#include <boost/fiber/context.hpp>
#include <boost/fiber/type.hpp>

#include "detail/ready_queue.hpp"

// Mirrors boost/libs/fiber/src/algo/work_stealing.cpp (1.74), plus the lineage hooks, with
// one change: Boost keeps its schedulers in a process-wide static array sized by the first
// pool, so a second pool in the same process indexes past its end. Here each pool is an
// object shared by its members.

namespace fiberlog::detail {

// The threads that installed work_stealing together. Owns their ready queues, so a thief
// never touches a queue whose scheduler is gone; freed with the last member.
struct stealing_pool {
    explicit stealing_pool(std::uint32_t n) : queues(n) {
        for (auto& q : queues) q = std::make_unique<ready_queue>();
    }
    std::vector<std::unique_ptr<ready_queue>> queues;
    std::mutex mtx;
    std::condition_variable all_joined;
    std::uint32_t joined = 0;
};

namespace {

// Joins the pool now forming, or starts a new one; returns the member index.
std::uint32_t join_pool(std::uint32_t thread_count, std::shared_ptr<stealing_pool>& pool) {
    static std::mutex forming_mtx;
    static std::shared_ptr<stealing_pool> forming;
    std::lock_guard<std::mutex> lk{forming_mtx};
    if (!forming) forming = std::make_shared<stealing_pool>(thread_count);
    if (forming->queues.size() != thread_count) {
        std::fprintf(stderr,
                     "fiberlog: work_stealing installed with %u threads while a pool of %zu "
                     "threads is still forming\n",
                     static_cast<unsigned>(thread_count), forming->queues.size());
        std::abort();
    }
    pool = forming;
    std::lock_guard<std::mutex> plk{pool->mtx};
    std::uint32_t index = pool->joined++;
    if (pool->joined == thread_count) {
        forming.reset();
        pool->all_joined.notify_all();
    }
    return index;
}

}  // namespace
}  // namespace fiberlog::detail

namespace fiberlog::algo {

work_stealing::work_stealing(std::uint32_t thread_count, bool suspend)
    : rng_(std::random_device{}()), suspend_(suspend) {
    if (thread_count == 0) thread_count = 1;
    index_ = detail::join_pool(thread_count, pool_);
    rqueue_ = pool_->queues[index_].get();
    std::unique_lock<std::mutex> lk{pool_->mtx};
    pool_->all_joined.wait(lk, [&] { return pool_->joined == thread_count; });
}

work_stealing::~work_stealing() = default;

void work_stealing::awakened(boost::fibers::context* ctx) noexcept {
    lineage_.awakened(ctx);  // before the fiber can be stolen by another thread
    if (!ctx->is_context(boost::fibers::type::pinned_context)) ctx->detach();
    rqueue_->push(ctx);
}

boost::fibers::context* work_stealing::pick_next() noexcept {
    boost::fibers::context* victim = rqueue_->pop();
    if (victim == nullptr) {
        victim = steal_();
    }
    if (victim != nullptr && !victim->is_context(boost::fibers::type::pinned_context))
        boost::fibers::context::active()->attach(victim);
    lineage_.picked(victim);
    return victim;
}

boost::fibers::context* work_stealing::steal_() noexcept {
    const auto n = static_cast<std::uint32_t>(pool_->queues.size());
    if (n < 2) return nullptr;
    std::uniform_int_distribution<std::uint32_t> pick{0, n - 2};
    for (std::uint32_t attempt = 0; attempt < n; ++attempt) {
        std::uint32_t id = pick(rng_);
        if (id >= index_) ++id;  // never our own queue
        if (boost::fibers::context* ctx = pool_->queues[id]->steal()) return ctx;
    }
    return nullptr;
}

bool work_stealing::has_ready_fibers() const noexcept { return !rqueue_->empty(); }

void work_stealing::suspend_until(std::chrono::steady_clock::time_point const& tp) noexcept {
    if (!suspend_) return;
    idle_.sleep_until(tp);
}

void work_stealing::notify() noexcept {
    if (!suspend_) return;
    idle_.wake();
}

}  // namespace fiberlog::algo
