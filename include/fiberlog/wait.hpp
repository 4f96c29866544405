#pragma once

// Waits that end early when the current context is cancelled or its deadline passes.

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

#include <boost/fiber/condition_variable.hpp>
#include <boost/fiber/exceptions.hpp>
#include <boost/fiber/future/future.hpp>
#include <boost/fiber/mutex.hpp>
#include <boost/intrusive/list_hook.hpp>

#include <fiberlog/deadline.hpp>
#include <fiberlog/export.hpp>

namespace fiberlog {

/// How a fiberlog wait ended.
enum class wait_status {
    ready,              ///< the condition holds (the predicate is true, the future is ready)
    timeout,            ///< the wait's own time limit passed (a sleep: it slept the whole time)
    cancelled,          ///< the current context was cancelled (fiberlog::cancel_scope)
    deadline_exceeded,  ///< the current context's deadline passed (fiberlog::deadline_scope)
};

namespace detail {

class cancel_node;

// One fiber's wait on `cv`, registered with the cancellation node of the fiber's context, so
// that cancel() -- from any thread -- can notify `cv`. The race between "checked: not
// cancelled" and "queued on cv" is closed by the window: the waiter locks it before the check
// and unlocks it only from inside cv.wait(), after Boost queued the fiber (window_lock below);
// cancel() sets the flag first, then locks the window before it notifies.
class FIBERLOG_API waiter {
public:
    using hook_type = boost::intrusive::list_member_hook<>;
    using time_point = std::chrono::steady_clock::time_point;

    explicit waiter(boost::fibers::condition_variable_any& cv);
    ~waiter();
    waiter(const waiter&) = delete;
    waiter& operator=(const waiter&) = delete;

    // Locks the window and returns nullopt, or -- window unlocked -- why the wait is over:
    // cancelled, deadline_exceeded, or timeout once `until` passed.
    std::optional<wait_status> enter(time_point until);
    // When to stop waiting: `until` or the deadline, whichever is first.
    time_point stop_time(time_point until) const noexcept {
        return until < deadline_ ? until : deadline_;
    }
    void leave() noexcept { window_.unlock(); }
    // cancel() of the node: notifies cv once the waiter is out of its window.
    void wake() noexcept;

private:
    friend class cancel_node;
    hook_type hook_;
    boost::fibers::condition_variable_any& cv_;
    cancel_node* node_;  // holds a reference; null when the context cannot be cancelled
    time_point deadline_;
    std::mutex window_;
};

// The lock handed to condition_variable_any::wait: unlocking it (which Boost does after
// queuing the fiber) leaves the window, then unlocks the caller's lock.
template <class Lock>
struct window_lock {
    waiter& w;
    Lock& lk;
    void unlock() {
        w.leave();
        lk.unlock();
    }
    void lock() { lk.lock(); }
};

// Set by the fiber that waits on a future for a fiberlog::wait on it.
struct ready_signal {
    boost::fibers::mutex mtx;
    boost::fibers::condition_variable_any cv;
    bool ready = false;
};

// Launches a detached fiber, with an empty context, that runs `wait` and then sets `signal`.
FIBERLOG_API void watch(std::function<void()> wait, std::shared_ptr<ready_signal> signal);

}  // namespace detail

/// Waits on `cv` until `pred()` holds (ready), `until` passes (timeout), the current context
/// is cancelled (cancelled) or its deadline passes (deadline_exceeded); `pred` is checked
/// first, so a true predicate wins. `lk` must be locked and is locked again on return; like
/// C++20's stop_token waits only condition_variable_any is supported: a plain
/// boost::fibers::condition_variable cannot be woken race-free without taking the caller's
/// mutex (use condition_variable_any with the same std::unique_lock<boost::fibers::mutex>).
/// A cancel() on any thread wakes the wait at once. Throws what `pred` throws.
template <class Lock, class Pred>
wait_status wait_until(boost::fibers::condition_variable_any& cv, Lock& lk,
                       std::chrono::steady_clock::time_point until, Pred pred) {
    detail::waiter w{cv};
    while (!pred()) {
        if (auto done = w.enter(until)) return *done;
        detail::window_lock<Lock> window{w, lk};
        const auto stop = w.stop_time(until);
        if (stop == std::chrono::steady_clock::time_point::max())
            cv.wait(window);
        else
            cv.wait_until(window, stop);
    }
    return wait_status::ready;
}

/// wait_until() with a relative time limit.
template <class Lock, class Rep, class Period, class Pred>
wait_status wait_for(boost::fibers::condition_variable_any& cv, Lock& lk,
                     std::chrono::duration<Rep, Period> limit, Pred pred) {
    return wait_until(cv, lk, detail::after(limit), std::move(pred));
}

/// wait_until() with no time limit of its own.
template <class Lock, class Pred>
wait_status wait(boost::fibers::condition_variable_any& cv, Lock& lk, Pred pred) {
    return wait_until(cv, lk, std::chrono::steady_clock::time_point::max(), std::move(pred));
}

/// Waits until `f` is ready, `until` passes, the current context is cancelled or its
/// deadline passes (see wait_status). Boost 1.74 gives no access to a future's own waiters,
/// so a helper fiber (detached, with an empty context) waits on a copy of `f` and signals
/// this wait: a shared_future, because after an early return the helper still co-owns the
/// result; get one with `std::move(fut).share()`. The helper ends when the promise is
/// fulfilled or destroyed -- a promise never resolved keeps it, and its thread, waiting.
/// Throws boost::fibers::future_uninitialized if `f` is not valid().
template <class R>
wait_status wait_until(const boost::fibers::shared_future<R>& f,
                       std::chrono::steady_clock::time_point until) {
    if (!f.valid()) throw boost::fibers::future_uninitialized{};
    auto signal = std::make_shared<detail::ready_signal>();
    detail::watch([f] { f.wait(); }, signal);
    std::unique_lock<boost::fibers::mutex> lk{signal->mtx};
    return wait_until(signal->cv, lk, until, [&] { return signal->ready; });
}

/// wait_until() on a future with a relative time limit.
template <class R, class Rep, class Period>
wait_status wait_for(const boost::fibers::shared_future<R>& f,
                     std::chrono::duration<Rep, Period> limit) {
    return wait_until(f, detail::after(limit));
}

/// wait_until() on a future with no time limit of its own.
template <class R>
wait_status wait(const boost::fibers::shared_future<R>& f) {
    return wait_until(f, std::chrono::steady_clock::time_point::max());
}

/// Sleeps until `t`; returns timeout then, or earlier cancelled or deadline_exceeded.
/// Works in fibers and in plain threads (which Boost.Fiber gives a scheduler on first use).
FIBERLOG_API wait_status sleep_until(std::chrono::steady_clock::time_point t);

/// sleep_until() now + `d`.
template <class Rep, class Period>
wait_status sleep_for(std::chrono::duration<Rep, Period> d) {
    return sleep_until(detail::after(d));
}

}  // namespace fiberlog
