#include <fiberlog/algo/work_stealing.hpp>

#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/fiber/context.hpp>
#include <boost/fiber/type.hpp>

#include "detail/ready_queue.hpp"

// Mirrors boost/libs/fiber/src/algo/work_stealing.cpp (1.74), plus the lineage hooks, with
// two changes. Boost keeps its schedulers in a process-wide static array sized by the first
// pool, so a second pool in the same process indexes past its end: here each pool is an
// object shared by its members, named by a work_stealing::pool or formed by arrival order.
// And a thief steals the first fiber behind a pinned context (detail/ready_queue.hpp).

namespace fiberlog::detail {

// The threads that installed work_stealing together. Owns their ready queues, so a thief
// never touches a queue whose scheduler is gone; freed with the last member.
struct stealing_pool {
    explicit stealing_pool(std::uint32_t n) : queues(n) {
        for (auto& q : queues) q = std::make_unique<ready_queue>();
    }

    std::uint32_t size() const noexcept { return static_cast<std::uint32_t>(queues.size()); }

    // Takes the next member index; throws when every member has joined.
    std::uint32_t join() {
        std::lock_guard<std::mutex> lk{mtx};
        if (joined == size())
            throw std::invalid_argument("fiberlog::algo::work_stealing: the pool's " +
                                        std::to_string(size()) + " threads have all joined");
        if (++joined == size()) all_joined.notify_all();
        return joined - 1;
    }

    // Until every member joined, or the pool was closed.
    void wait_for_members() {
        std::unique_lock<std::mutex> lk{mtx};
        all_joined.wait(lk, [&] { return joined == size() || closed; });
    }

    void close() noexcept {
        {
            std::lock_guard<std::mutex> lk{mtx};
            closed = true;
        }
        all_joined.notify_all();
    }

    std::vector<std::unique_ptr<ready_queue>> queues;
    std::mutex mtx;
    std::condition_variable all_joined;
    std::uint32_t joined = 0;
    bool closed = false;
};

namespace {

// Joins the pool that work_stealing(thread_count) joins, the one now forming or a new one;
// returns the member index.
std::uint32_t join_forming_pool(std::uint32_t thread_count,
                                std::shared_ptr<stealing_pool>& pool) {
    static std::mutex forming_mtx;
    static std::shared_ptr<stealing_pool> forming;
    std::lock_guard<std::mutex> lk{forming_mtx};
    if (!forming) forming = std::make_shared<stealing_pool>(thread_count);
    if (forming->size() != thread_count)
        throw std::invalid_argument("fiberlog::algo::work_stealing: installed with " +
                                    std::to_string(thread_count) + " threads while a pool of " +
                                    std::to_string(forming->size()) +
                                    " threads is still forming (give each pool a "
                                    "work_stealing::pool)");
    // Joined under forming_mtx, so the next thread sees a full pool as no longer forming.
    const std::uint32_t index = forming->join();
    pool = forming;
    if (index + 1 == thread_count) forming.reset();
    return index;
}

}  // namespace
}  // namespace fiberlog::detail

namespace fiberlog::algo {

work_stealing::pool::pool(std::uint32_t thread_count)
    : p_(std::make_shared<detail::stealing_pool>(thread_count == 0 ? 1 : thread_count)) {}

std::uint32_t work_stealing::pool::thread_count() const noexcept { return p_->size(); }

void work_stealing::pool::close() noexcept { p_->close(); }

work_stealing::work_stealing(std::uint32_t thread_count, bool suspend)
    : rng_(std::random_device{}()), suspend_(suspend) {
    index_ = detail::join_forming_pool(thread_count == 0 ? 1 : thread_count, pool_);
    rqueue_ = pool_->queues[index_].get();
    pool_->wait_for_members();
}

work_stealing::work_stealing(const pool& p, bool suspend)
    : pool_(p.p_), rng_(std::random_device{}()), suspend_(suspend) {
    index_ = pool_->join();
    rqueue_ = pool_->queues[index_].get();
    pool_->wait_for_members();
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
