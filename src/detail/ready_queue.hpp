#pragma once

#include <atomic>
#include <deque>
#include <mutex>

#include <boost/fiber/context.hpp>
#include <boost/fiber/type.hpp>

namespace fiberlog::detail {

// Tells the CPU that this is a spin-wait loop (saves power, frees the core's other hardware
// thread); a no-op where there is no such instruction. Not named cpu_relax: Boost.Fiber
// defines that as a macro.
inline void spin_pause() noexcept {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__) || (defined(__arm__) && __ARM_ARCH >= 7)
    __asm__ __volatile__("yield" ::: "memory");
#endif
}

// A test-and-test-and-set spinlock: the ready-queue critical sections are a few loads and
// stores, far shorter than a futex round trip.
class spinlock {
public:
    void lock() noexcept {
        for (;;) {
            if (!locked_.exchange(true, std::memory_order_acquire)) return;
            while (locked_.load(std::memory_order_relaxed)) spin_pause();
        }
    }
    void unlock() noexcept { locked_.store(false, std::memory_order_release); }

private:
    std::atomic<bool> locked_{false};
};

// One thread's ready queue under work_stealing: FIFO for its owner, stealable by the others.
// Like Boost's context_spinlock_queue, a thief never takes a pinned context (a thread's main
// or dispatcher context). Unlike it, a thief that finds one at the head takes the first fiber
// behind it instead of giving up: the owner's dispatcher is queued again after every fiber
// it resumes, so on a busy thread it is often at the head, and Boost's idle threads then
// leave the fibers behind it waiting. The owner's order of its own contexts is unchanged.
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
