#include <fiberlog/asio/yield.hpp>

#include <mutex>

namespace fiberlog::asio::detail {

yield_wait::yield_wait() noexcept : fiber_(boost::fibers::context::active()) {}

void yield_wait::wait() noexcept {
    boost::fibers::detail::spinlock_lock lock{lock_};
    if (state_ == state::done) return;  // the handler already ran (or runs on this fiber)
    state_ = state::waiting;
    // Releases the lock only once this fiber is switched out: complete() on another thread
    // cannot wake it before it sleeps.
    fiber_->suspend(lock);
}

void yield_wait::complete() noexcept {
    boost::fibers::detail::spinlock_lock lock{lock_};
    const bool waiting = state_ == state::waiting;
    state_ = state::done;
    boost::fibers::context* fiber = fiber_;
    lock.unlock();
    // A waiting fiber stays asleep until scheduled, so *this is still there to read above;
    // one that was not waiting may go on (and destroy *this) as soon as the lock is free.
    if (waiting) boost::fibers::context::active()->schedule(fiber);
}

}  // namespace fiberlog::asio::detail
