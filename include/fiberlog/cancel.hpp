#pragma once

// Cancellation inherited down the fiber tree (Go's context.WithCancel, without the context
// parameter): a cancel_scope cancels every fiber launched under it, on any thread.

#include <fiberlog/context.hpp>
#include <fiberlog/export.hpp>

namespace fiberlog {

/// True when the current context was cancelled: by a cancel() of its cancel_scope or of any
/// enclosing one, before or after the caller was launched. One atomic load, no lock.
FIBERLOG_API bool cancelled() noexcept;

/// Opens a cancellation scope: for the lifetime of this object the current fiber's context
/// carries a new cancellation node whose parent is the inherited one (so it is cancelled when
/// the parent is -- also if that already happened). Fibers launched meanwhile, and snapshot(),
/// wrap() and launch_with() copies, carry it too. On exit the previous node is restored (keys
/// changed in the scope keep their changes); leaving the scope does not cancel anything, and
/// the node lives as long as a fiber or a copy refers to it. Use it as a local in the fiber
/// that created it; not copyable or movable. The destructor never throws and allocates only
/// when the context inside the scope was replaced (a put, remove, clear, attach or another
/// scope still in place): it then builds a new snapshot, and std::terminate is called if that
/// allocation fails.
class FIBERLOG_API cancel_scope {
public:
    cancel_scope();
    ~cancel_scope();
    cancel_scope(const cancel_scope&) = delete;
    cancel_scope& operator=(const cancel_scope&) = delete;

    /// Cancels this scope and, transitively, every fiber and scope under it, including those
    /// launched later, and wakes their fiberlog waits (wait.hpp). Never affects the parent or
    /// siblings. Idempotent; callable from any thread while the object exists. From a thread
    /// without a fiber scheduler it lets Boost.Fiber give the thread one (to notify waiters).
    void cancel() noexcept;

private:
    context before_;     // the context when the scope was entered
    context installed_;  // what the scope made current; it owns the node
};

}  // namespace fiberlog
