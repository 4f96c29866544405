#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <boost/intrusive_ptr.hpp>

#include <fiberlog/export.hpp>
#include <fiberlog/value.hpp>

namespace fiberlog {

namespace detail {

// The first member of every context's shared representation: its reference count. Kept in
// the public header so
// that copying a context (what inheritance at launch does) is an inline atomic increment.
struct snapshot_header {
    mutable std::atomic<std::uint32_t> refs{1};
};

FIBERLOG_API void destroy_snapshot(const snapshot_header* s) noexcept;

struct context_access;  // lets the library build a context from its representation

inline void intrusive_ptr_add_ref(const snapshot_header* s) noexcept {
    s->refs.fetch_add(1, std::memory_order_relaxed);
}

inline void intrusive_ptr_release(const snapshot_header* s) noexcept {
    if (s->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) destroy_snapshot(s);
}

}  // namespace detail

/// A fiber's context, as an immutable value: an ordered set of key -> value pairs (in the
/// order the keys were first put), plus an optional deadline and an optional cancellation
/// (deadline.hpp, cancel.hpp) -- like Go's context.Context. Cheap to copy (one atomic
/// increment) and safe to share between threads; every "change" returns a new context and
/// leaves this one untouched. A context taken in a trace (trace.hpp) also carries the trace
/// and the span that was active. empty(), size(), iteration, text() and json() are about the
/// pairs only; with() and without() keep the deadline, cancellation and trace.
class FIBERLOG_API context {
public:
    using entry = std::pair<std::string, value>;

    /// Walks the pairs in order. A forward iterator: how the pairs are stored is not part of
    /// the interface. Valid as long as this context (or a copy of it) lives.
    class const_iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = entry;
        using difference_type = std::ptrdiff_t;
        using pointer = const entry*;
        using reference = const entry&;

        const_iterator() noexcept = default;
        reference operator*() const noexcept { return *at_; }
        pointer operator->() const noexcept { return at_; }
        const_iterator& operator++() noexcept {
            ++at_;
            return *this;
        }
        const_iterator operator++(int) noexcept {
            const_iterator before = *this;
            ++at_;
            return before;
        }
        friend bool operator==(const_iterator a, const_iterator b) noexcept {
            return a.at_ == b.at_;
        }
        friend bool operator!=(const_iterator a, const_iterator b) noexcept {
            return a.at_ != b.at_;
        }

    private:
        friend class context;
        explicit const_iterator(const entry* at) noexcept : at_(at) {}
        const entry* at_ = nullptr;
    };

    /// The empty context. Never allocates.
    context() noexcept = default;

    /// No key/value pairs (a deadline or a cancellation may still be there).
    bool empty() const noexcept { return size() == 0; }
    std::size_t size() const noexcept;
    const_iterator begin() const noexcept;
    const_iterator end() const noexcept;

    /// The value of `key`, or nullptr. The pointer lives as long as this context or a copy.
    const value* find(std::string_view key) const noexcept;
    /// A copy of the value of `key`, or nullopt.
    std::optional<value> get(std::string_view key) const;

    /// A new context with `key` set to `v` (in place if present, appended if not), with this
    /// one's deadline and cancellation.
    /// Throws std::invalid_argument for an invalid key; this context is unchanged either way.
    context with(std::string_view key, value v) const;
    /// with() for the ordinary C++ types, each kept exactly (see value.hpp):
    /// `ctx.with("n", v.size())`, `ctx.with("user", name_view)`.
    template <class T, std::enable_if_t<detail::is_value_source<T>, int> = 0>
    context with(std::string_view key, T&& v) const {
        return with(key, detail::to_value(std::forward<T>(v)));
    }
    /// A new context without `key` (this one if the key is absent).
    context without(std::string_view key) const;

    /// The pairs as `key=value` separated by single spaces, values quoted and escaped where
    /// needed (see README, "Text rendering"). Rendered once per context (copies share it), then cached.
    std::string_view text() const;
    /// The pairs as one JSON object, types kept. Rendered once per context (copies share it), then cached.
    std::string_view json() const;

    /// A process-wide unique number for this context (copies share it), 0 for the empty
    /// one. Never reused, so it can key a cache without holding the context alive.
    std::uint64_t serial() const noexcept;

    /// The deadline this context carries, or nullopt.
    std::optional<std::chrono::steady_clock::time_point> deadline() const noexcept;

    /// The W3C trace id of the trace this context is in, as 32 lowercase hex digits, or ""
    /// outside a trace (trace.hpp). Lives as long as this snapshot.
    std::string_view trace_id() const noexcept;

    /// Same pairs in the same order, same deadline, the same cancellation (the same
    /// cancel_scope, not merely an equally cancelled one), and the same place in the same
    /// trace (the same trace_scope, and the same active span).
    friend FIBERLOG_API bool operator==(const context& a, const context& b) noexcept;
    friend bool operator!=(const context& a, const context& b) noexcept { return !(a == b); }

    /// Identity, not contents: true when both are copies of one context (or both empty).
    bool same(const context& other) const noexcept { return p_ == other.p_; }

private:
    friend struct detail::context_access;
    explicit context(boost::intrusive_ptr<const detail::snapshot_header> p) noexcept
        : p_(std::move(p)) {}

    boost::intrusive_ptr<const detail::snapshot_header> p_;
};

/// Sets `key` in the current fiber's context (a new context; children already launched
/// keep theirs). Throws std::invalid_argument naming the key if it is empty, longer than
/// 128 bytes or holds a character other than letters, digits, `_`, `.` or `-`; nothing is
/// changed then. Affects the calling fiber only.
FIBERLOG_API void put(std::string_view key, value v);

/// put() for the ordinary C++ types, each kept exactly (see value.hpp): `put("n", v.size())`,
/// `put("id", some_uint64)`, `put("user", name_view)`, `put("ratio", 0.5f)`. Throws
/// std::invalid_argument for an invalid key or a null `const char*`, changing nothing.
template <class T, std::enable_if_t<detail::is_value_source<T>, int> = 0>
void put(std::string_view key, T&& v) {
    put(key, detail::to_value(std::forward<T>(v)));
}

/// The value of `key` in the current fiber's context, or nullopt.
FIBERLOG_API std::optional<value> get(std::string_view key);

/// The value of `key` in the current fiber's context without copying it, or nullptr: get()
/// for hot paths. Use it right away or copy the value: the pointer stays valid until the
/// calling fiber next changes its context (put, remove, clear, or the end of a scoped,
/// attach, deadline_scope or cancel_scope entered after the call) or ends. Under fiberlog's
/// schedulers other fibers cannot invalidate it; on a thread without them (the per-thread
/// fallback) all fibers of the thread share one context, so any of them can.
FIBERLOG_API const value* find(std::string_view key);

/// Removes `key` from the current fiber's context; false if it was not there.
FIBERLOG_API bool remove(std::string_view key);

/// Gives the current fiber a fresh context without key/value pairs (like `GoSpilt` of the
/// patched Go runtime fiberlog's design started from -- standard Go has no such call). Ids
/// are unchanged, and so are its deadline and cancellation: a function cannot escape its
/// caller's by clearing; `fiberlog::launch_with(fiberlog::context{}, f)` starts f with none.
FIBERLOG_API void clear();

/// The current fiber's context, to carry elsewhere (another thread, a queue, a pool). One
/// atomic increment -- except in a fiber launched inside a trace, whose own span must be
/// recorded in a snapshot of its own (allocated once per call).
FIBERLOG_API context snapshot();

/// Restores the context (and span) that was current before `attach()` when it goes out of
/// scope. Not copyable or movable: use it in the fiber that created it, as a local.
class FIBERLOG_API attach_guard {
public:
    ~attach_guard();
    attach_guard(const attach_guard&) = delete;
    attach_guard& operator=(const attach_guard&) = delete;

private:
    friend FIBERLOG_API attach_guard attach(const context& ctx);
    attach_guard(context previous, std::uint64_t span, std::uint64_t parent_span) noexcept
        : previous_(std::move(previous)), span_(span), parent_span_(parent_span) {}
    context previous_;
    std::uint64_t span_;
    std::uint64_t parent_span_;
};

/// Makes `ctx` the current fiber's context until the returned guard is destroyed:
/// `auto guard = fiberlog::attach(ctx);`. Fibers launched meanwhile inherit `ctx`. A context
/// taken in a trace continues the span that was active where it was taken (so lines logged
/// under it name that span, and fibers launched under it are its children); one taken
/// outside a trace leaves the trace for the guard's lifetime.
[[nodiscard]] FIBERLOG_API attach_guard attach(const context& ctx);

/// Sets `key` to `v` for the lifetime of this object, then restores the previous value or
/// its absence (also when leaving by an exception). Other keys changed inside the scope keep
/// their changes. Throws std::invalid_argument for an invalid key, changing nothing. The
/// destructor never throws and allocates only when other keys changed inside the scope: it
/// then builds a new snapshot, and std::terminate is called if that allocation fails.
class FIBERLOG_API scoped {
public:
    scoped(std::string_view key, value v);
    /// For the ordinary C++ types, each kept exactly (see value.hpp).
    template <class T, std::enable_if_t<detail::is_value_source<T>, int> = 0>
    scoped(std::string_view key, T&& v) : scoped(key, detail::to_value(std::forward<T>(v))) {}
    ~scoped();
    scoped(const scoped&) = delete;
    scoped& operator=(const scoped&) = delete;

private:
    std::string key_;
    context before_;     // the context when the scope was entered
    context installed_;  // what the scope made current; restoring is O(1) while unchanged
};

/// A callable that runs `f` under `ctx` (attached for the duration of each call), wherever
/// it is called: a std::thread, a thread pool, another fiber.
template <class F>
auto wrap(const context& ctx, F&& f) {
    return [ctx, f = std::forward<F>(f)](auto&&... args) mutable -> decltype(auto) {
        auto guard = attach(ctx);
        return std::invoke(f, std::forward<decltype(args)>(args)...);
    };
}

/// A callable that runs `f` under the caller's current context (captured now).
template <class F>
auto wrap(F&& f) {
    return wrap(snapshot(), std::forward<F>(f));
}

}  // namespace fiberlog
