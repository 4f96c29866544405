#include "detail/cancel_node.hpp"

#include <fiberlog/diagnostics.hpp>

namespace fiberlog {
namespace detail {
namespace {

std::atomic<std::size_t> live_count{0};

}  // namespace

cancel_node::cancel_node(ptr parent) : parent_(std::move(parent)) {
    live_count.fetch_add(1, std::memory_order_relaxed);
    if (!parent_) return;
    std::lock_guard<std::mutex> lk{parent_->mtx_};
    // A cancelled parent no longer lists children: this one is born cancelled instead.
    if (parent_->cancelled_.load(std::memory_order_relaxed))
        cancelled_.store(true, std::memory_order_relaxed);
    else
        parent_->children_.push_back(*this);
}

cancel_node::~cancel_node() {
    if (parent_) {
        std::lock_guard<std::mutex> lk{parent_->mtx_};
        if (sibling_.is_linked()) parent_->children_.erase(parent_->children_.iterator_to(*this));
    }
    live_count.fetch_sub(1, std::memory_order_relaxed);
}

void cancel_node::cancel() noexcept {
    std::lock_guard<std::mutex> lk{mtx_};
    if (cancelled_.load(std::memory_order_relaxed)) return;  // so are all descendants
    cancelled_.store(true, std::memory_order_release);
    for (waiter& w : waiters_) w.wake();
    for (cancel_node& child : children_) child.cancel();
    children_.clear();
}

void cancel_node::add(waiter& w) noexcept {
    std::lock_guard<std::mutex> lk{mtx_};
    waiters_.push_back(w);
}

void cancel_node::remove(waiter& w) noexcept {
    std::lock_guard<std::mutex> lk{mtx_};
    waiters_.erase(waiters_.iterator_to(w));
}

}  // namespace detail

std::size_t live_cancel_nodes() noexcept {
    return detail::live_count.load(std::memory_order_relaxed);
}

}  // namespace fiberlog
