#pragma once

// One cancellation scope: a node in the tree of cancel_scopes. Private to the library.
//
// Cancellation propagates down, as in Go's context package: cancel() sets the flag of the
// node and of every descendant (under their locks, parent before child) and wakes the fibers
// registered as waiting on them. A node created under a cancelled parent is born cancelled.
// So cancelled() is one atomic load of the node of the current snapshot, however deep.
//
// Ownership points up: snapshots own their node, a node owns its parent. A parent only
// lists its children (and its waiters) to reach them on cancel(); a child unlinks itself in
// its destructor, under the parent's lock. A node whose count reached zero may still be
// reached by a concurrent cancel() of its parent until it has unlinked itself -- it has no
// waiters and no children by then, and its memory lives until it gets the parent's lock.
//
// Lock order: a parent's mtx_ before a child's, a node's mtx_ before a waiter's window.
// Nothing suspends a fiber while holding either (they are std::mutex).
//
// Neither cancel() nor the release of the last reference recurses: a chain of nested scopes
// may be tens of thousands deep, and a fiber's stack holds a few thousand frames. cancel()
// walks the subtree through an intrusive work list; freeing a node frees, in a loop, each
// ancestor whose last reference it held.

#include <atomic>
#include <cstdint>
#include <mutex>

#include <boost/intrusive/list.hpp>
#include <boost/intrusive_ptr.hpp>

#include <fiberlog/wait.hpp>

namespace fiberlog::detail {

class cancel_node {
public:
    using ptr = boost::intrusive_ptr<cancel_node>;

    // A node under `parent` (may be null), cancelled at birth if the parent is.
    explicit cancel_node(ptr parent);
    cancel_node(const cancel_node&) = delete;
    cancel_node& operator=(const cancel_node&) = delete;

    bool cancelled() const noexcept { return cancelled_.load(std::memory_order_acquire); }

    // Cancels this node and its descendants and wakes their waiters. Any thread; idempotent.
    void cancel() noexcept;

    // A waiter is woken by a cancel() of this node or of an ancestor until it is removed.
    void add(waiter& w) noexcept;
    void remove(waiter& w) noexcept;

    friend void intrusive_ptr_add_ref(cancel_node* n) noexcept {
        n->refs_.fetch_add(1, std::memory_order_relaxed);
    }
    friend void intrusive_ptr_release(cancel_node* n) noexcept {
        if (n->refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) destroy(n);
    }

private:
    ~cancel_node();  // only through destroy(), which has taken parent_ out

    // Frees `n`, whose count reached zero, then each ancestor whose last reference it held.
    static void destroy(cancel_node* n) noexcept;
    // A reference to a node that is not being destroyed: false once its count reached zero.
    bool try_add_ref() noexcept;

    using child_hook = boost::intrusive::list_member_hook<>;
    child_hook sibling_;  // in the parent's children_
    using child_list =
        boost::intrusive::list<cancel_node, boost::intrusive::member_hook<cancel_node, child_hook,
                                                                          &cancel_node::sibling_>>;
    using waiter_list = boost::intrusive::list<
        waiter, boost::intrusive::member_hook<waiter, waiter::hook_type, &waiter::hook_>>;

    std::atomic<std::uint32_t> refs_{0};
    std::atomic<bool> cancelled_{false};
    ptr parent_;
    cancel_node* next_pending_ = nullptr;  // cancel()'s work list; set by the one cancel()
                                           // that unlinks this node from its parent
    std::mutex mtx_;  // guards the lists below and the transition of cancelled_
    child_list children_;
    waiter_list waiters_;
};

}  // namespace fiberlog::detail
