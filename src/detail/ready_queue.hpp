#pragma once

#include <atomic>
#include <deque>
#include <mutex>

#include <boost/fiber/context.hpp>
#include <boost/fiber/type.hpp>

namespace fiberlog::detail {

// A test-and-test-and-set spinlock: the ready-queue critical sections are a few loads and
// stores, far shorter than a futex round trip.
class spinlock {
public:
    void lock() noexcept {
        for (;;) {
            if (!locked_.exchange(true, std::memory_order_acquire)) return;
            while (locked_.load(std::memory_order_relaxed)) __builtin_ia32_pause();
        }
    }
    void unlock() noexcept { locked_.store(false, std::memory_order_release); }

private:
    std::atomic<bool> locked_{false};
};

// One thread's ready queue under work_stealing: FIFO for its owner, stealable by the others.
// Like Boost's context_spinlock_queue, a thief never takes a pinned context (a thread's main
// or dispatcher context).
class ready_queue {
public:
    void push(boost::fibers::context* ctx) {
        std::lock_guard<spinlock> lk{lock_};
        q_.push_back(ctx);
    }

    boost::fibers::context* pop() noexcept {
        std::lock_guard<spinlock> lk{lock_};
        if (q_.empty()) return nullptr;
        boost::fibers::context* ctx = q_.front();
        q_.pop_front();
        return ctx;
    }

    boost::fibers::context* steal() noexcept {
        std::lock_guard<spinlock> lk{lock_};
        for (auto it = q_.begin(); it != q_.end(); ++it) {
            if ((*it)->is_context(boost::fibers::type::pinned_context)) continue;
            boost::fibers::context* ctx = *it;
            q_.erase(it);
            return ctx;
        }
        return nullptr;
    }

    bool empty() const noexcept {
        std::lock_guard<spinlock> lk{lock_};
        return q_.empty();
    }

private:
    mutable spinlock lock_;
    std::deque<boost::fibers::context*> q_;
};

}  // namespace fiberlog::detail
