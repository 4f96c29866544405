#include <fiberlog/wait.hpp>

#include <fiberlog/launch.hpp>

#include "detail/snapshot.hpp"
#include "detail/state_access.hpp"

namespace fiberlog {
namespace detail {
namespace {

using clock = std::chrono::steady_clock;

// A sleep waits on a condition variable of its own, with nothing to unlock.
struct no_lock {
    void lock() noexcept {}
    void unlock() noexcept {}
};

}  // namespace

waiter::waiter(boost::fibers::condition_variable_any& cv)
    : cv_(cv), node_(nullptr), deadline_(no_deadline) {
    const context& ctx = current_state().ctx;
    deadline_ = context_access::deadline(ctx);
    node_ = context_access::cancel(ctx);
    if (node_ == nullptr) return;
    intrusive_ptr_add_ref(node_);
    node_->add(*this);
}

waiter::~waiter() {
    if (node_ == nullptr) return;
    node_->remove(*this);
    intrusive_ptr_release(node_);
}

std::optional<wait_status> waiter::enter(time_point until) {
    window_.lock();
    std::optional<wait_status> done;
    if (node_ != nullptr && node_->cancelled()) {
        done = wait_status::cancelled;
    } else if (const auto stop = stop_time(until); stop != no_deadline && clock::now() >= stop) {
        done = until < deadline_ ? wait_status::timeout : wait_status::deadline_exceeded;
    }
    if (done) window_.unlock();
    return done;
}

void waiter::wake() noexcept {
    std::lock_guard<std::mutex> lk{window_};
    cv_.notify_all();
}

void watch(std::function<void()> wait, std::shared_ptr<ready_signal> signal) {
    // dispatch: a future that is ready already is seen before the caller goes on.
    auto helper = [wait = std::move(wait), signal = std::move(signal)] {
        wait();
        {
            std::lock_guard<boost::fibers::mutex> lk{signal->mtx};
            signal->ready = true;
        }
        signal->cv.notify_all();
    };
    launch_with(boost::fibers::launch::dispatch, context{}, std::move(helper)).detach();
}

}  // namespace detail

wait_status sleep_until(std::chrono::steady_clock::time_point t) {
    boost::fibers::condition_variable_any cv;
    detail::no_lock lk;
    return wait_until(cv, lk, t, [] { return false; });
}

}  // namespace fiberlog
