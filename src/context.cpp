#include <fiberlog/context.hpp>

#include <algorithm>
#include <stdexcept>

#include <fiberlog/log_format.hpp>

#include "detail/key.hpp"
#include "detail/snapshot.hpp"
#include "detail/state_access.hpp"

namespace fiberlog {
namespace {

using detail::context_access;

[[noreturn]] void reject_key(std::string_view key, const char* why) {
    std::string msg = "fiberlog: invalid context key \"";
    // Show at most a screenful of the key, escaped: it may hold anything.
    constexpr std::size_t shown = 2 * log_format::max_key_size;
    log_format::append_json_body(msg, key.substr(0, shown));
    if (key.size() > shown) msg += "...";
    msg += "\": ";
    msg += why;
    throw std::invalid_argument(msg);
}

const std::vector<context::entry>* entries_of(const context& c) noexcept {
    const detail::snapshot* s = context_access::get(c);
    return s != nullptr ? &s->entries() : nullptr;
}

// The value of `key` in `c`, or null. Behind get() and find() too, whose whole read is one
// TLS load, two pointer hops and this scan of a few keys, all inline.
const value* find_in(const context& c, std::string_view key) noexcept {
    const auto* entries = entries_of(c);
    if (entries == nullptr) return nullptr;
    const context::entry* e = detail::find_entry(*entries, key);
    return e != nullptr ? &e->second : nullptr;
}

}  // namespace

void detail::validate_key(std::string_view key) {
    if (const char* why = log_format::key_error(key)) reject_key(key, why);
}

std::size_t context::size() const noexcept {
    const auto* e = entries_of(*this);
    return e != nullptr ? e->size() : 0;
}

context::const_iterator context::begin() const noexcept {
    const auto* e = entries_of(*this);
    return const_iterator(e != nullptr ? e->data() : nullptr);
}

context::const_iterator context::end() const noexcept {
    const auto* e = entries_of(*this);
    return const_iterator(e != nullptr ? e->data() + e->size() : nullptr);
}

const value* context::find(std::string_view key) const noexcept { return find_in(*this, key); }

std::optional<value> context::get(std::string_view key) const {
    if (const value* v = find(key)) return *v;
    return std::nullopt;
}

context context::with(std::string_view key, value v) const {
    detail::validate_key(key);
    std::vector<entry> entries(begin(), end());
    auto it = std::find_if(entries.begin(), entries.end(),
                           [&](const entry& e) { return detail::same_key(e.first, key); });
    if (it != entries.end())
        it->second = std::move(v);
    else
        entries.emplace_back(std::string(key), std::move(v));
    return context_access::make(std::move(entries), *this);
}

context context::without(std::string_view key) const {
    if (find(key) == nullptr) return *this;
    std::vector<entry> entries;
    entries.reserve(size() - 1);
    for (const auto& e : *this)
        if (!detail::same_key(e.first, key)) entries.push_back(e);
    return context_access::make(std::move(entries), *this);
}

std::string_view context::text() const {
    const detail::snapshot* s = context_access::get(*this);
    return s != nullptr ? std::string_view(s->text()) : std::string_view();
}

std::string_view context::json() const {
    const detail::snapshot* s = context_access::get(*this);
    return s != nullptr ? std::string_view(s->json()) : std::string_view("{}");
}

std::uint64_t context::serial() const noexcept {
    const detail::snapshot* s = context_access::get(*this);
    return s != nullptr ? s->serial() : 0;
}

std::optional<std::chrono::steady_clock::time_point> context::deadline() const noexcept {
    const auto d = context_access::deadline(*this);
    if (d == detail::no_deadline) return std::nullopt;
    return d;
}

std::string_view context::trace_id() const noexcept {
    const detail::trace_position* t = context_access::trace(*this);
    return t != nullptr ? t->node->id_hex() : std::string_view();
}

namespace {

bool same_trace_position(const context& a, const context& b) noexcept {
    const detail::trace_position* x = context_access::trace(a);
    const detail::trace_position* y = context_access::trace(b);
    if (x == nullptr || y == nullptr) return x == y;
    return x->node == y->node && x->span == y->span && x->parent_span == y->parent_span;
}

}  // namespace

bool operator==(const context& a, const context& b) noexcept {
    if (a.same(b)) return true;
    return context_access::deadline(a) == context_access::deadline(b) &&
           context_access::cancel(a) == context_access::cancel(b) &&
           same_trace_position(a, b) && std::equal(a.begin(), a.end(), b.begin(), b.end());
}

void put(std::string_view key, value v) {
    origin& st = detail::current_state();
    st.ctx = st.ctx.with(key, std::move(v));
}

const value* find(std::string_view key) { return find_in(detail::current_state().ctx, key); }

std::optional<value> get(std::string_view key) {
    if (const value* v = find_in(detail::current_state().ctx, key)) return *v;
    return std::nullopt;
}

bool remove(std::string_view key) {
    origin& st = detail::current_state();
    if (st.ctx.find(key) == nullptr) return false;
    st.ctx = st.ctx.without(key);
    return true;
}

void clear() {
    // Values only: a library that clears its context must not escape the caller's deadline
    // or cancellation. launch_with(context{}, f) is the way out of those.
    context& ctx = detail::current_state().ctx;
    if (!ctx.empty()) ctx = context_access::make({}, ctx);
}

context snapshot() {
    const origin& st = detail::with_own_span(detail::current_state());
    // A fiber launched in a trace shares its launcher's snapshot but has a span of its own:
    // the copy it hands out records that span, so attach() elsewhere continues it.
    const detail::trace_position* t = context_access::trace(st.ctx);
    if (BOOST_LIKELY(t == nullptr || (t->span == st.span && t->parent_span == st.parent_span)))
        return st.ctx;
    return context_access::rebind(st.ctx, detail::trace_position{t->node, st.span, st.parent_span});
}

attach_guard attach(const context& ctx) {
    origin& st = detail::current_state();
    const detail::trace_position* t = context_access::trace(ctx);
    const std::uint64_t span = std::exchange(st.span, t != nullptr ? t->span : 0);
    const std::uint64_t parent_span =
        std::exchange(st.parent_span, t != nullptr ? t->parent_span : 0);
    return attach_guard(std::exchange(st.ctx, ctx), span, parent_span);
}

attach_guard::~attach_guard() {
    origin& st = detail::current_state();
    st.ctx = std::move(previous_);
    st.span = span_;
    st.parent_span = parent_span_;
}

scoped::scoped(std::string_view key, value v) : key_(key) {
    origin& st = detail::current_state();
    installed_ = st.ctx.with(key, std::move(v));
    before_ = std::exchange(st.ctx, installed_);
}

scoped::~scoped() {
    origin& st = detail::current_state();
    if (st.ctx.same(installed_)) {
        st.ctx = std::move(before_);
        return;
    }
    // The scope changed other keys too: keep those, restore only ours.
    if (const value* previous = before_.find(key_))
        st.ctx = st.ctx.with(key_, *previous);
    else
        st.ctx = st.ctx.without(key_);
}

}  // namespace fiberlog
