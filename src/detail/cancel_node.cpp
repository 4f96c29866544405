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

cancel_node::~cancel_node() { live_count.fetch_sub(1, std::memory_order_relaxed); }

void cancel_node::destroy(cancel_node* n) noexcept {
    for (;;) {
        // Take the reference to the parent out of the node, so that deleting the node does
        // not release it: this loop does, one level at a time.
        cancel_node* parent = n->parent_.detach();
        if (parent != nullptr) {
            std::lock_guard<std::mutex> lk{parent->mtx_};
            if (n->sibling_.is_linked()) parent->children_.erase(parent->children_.iterator_to(*n));
        }
        delete n;
        if (parent == nullptr || parent->refs_.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
        n = parent;
    }
}

bool cancel_node::try_add_ref() noexcept {
    std::uint32_t refs = refs_.load(std::memory_order_relaxed);
    do {
        if (refs == 0) return false;
    } while (!refs_.compare_exchange_weak(refs, refs + 1, std::memory_order_relaxed));
    return true;
}

void cancel_node::cancel() noexcept {
    // Depth first through a work list of nodes linked by next_pending_, each held by a
    // reference taken under its parent's lock: no recursion, no allocation.
    cancel_node* pending = nullptr;
    cancel_node* n = this;  // the caller holds a reference to this one
    for (;;) {
        {
            std::lock_guard<std::mutex> lk{n->mtx_};
            // Already cancelled: so are all its descendants, and it lists no children.
            if (!n->cancelled_.load(std::memory_order_relaxed)) {
                n->cancelled_.store(true, std::memory_order_release);
                for (waiter& w : n->waiters_) w.wake();
                while (!n->children_.empty()) {
                    cancel_node& child = n->children_.front();
                    n->children_.pop_front();
                    // A child whose count reached zero is being freed: it has no children
                    // and no waiters left (each holds a reference), so it needs no cancel.
                    if (!child.try_add_ref()) continue;
                    child.next_pending_ = pending;
                    pending = &child;
                }
            }
        }
        if (n != this) intrusive_ptr_release(n);
        if (pending == nullptr) return;
        n = pending;
        pending = n->next_pending_;
    }
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
