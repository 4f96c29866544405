#include <algorithm>
#include <atomic>
#include <fiberlog/detail/hex.hpp>
#include <fiberlog/trace.hpp>
#include <fiberlog/value.hpp>
#include <optional>

#include "detail/key.hpp"
#include "detail/snapshot.hpp"
#include "detail/state_access.hpp"
#include "trace/baggage.hpp"
#include "trace/ids.hpp"
#include "trace/ows.hpp"
#include "trace/traceparent.hpp"
#include "trace/tracestate.hpp"

namespace fiberlog {
namespace {

using detail::context_access;
using detail::trace_position;

constexpr std::uint8_t sampled_flag = 0x01;  // the only flag Trace Context Level 1 defines

struct counters {
    std::atomic<std::uint64_t> traceparent{0};
    std::atomic<std::uint64_t> tracestate{0};
    std::atomic<std::uint64_t> baggage_members{0};
};
counters rejected;

void count(std::atomic<std::uint64_t>& counter, std::uint64_t n = 1) noexcept {
    counter.fetch_add(n, std::memory_order_relaxed);
}

// The trace a request adopts from its headers, or a new one (see trace_scope).
detail::trace_node::ptr adopt(std::string_view traceparent, std::string_view tracestate,
                              std::uint64_t& remote_parent) {
    const bool has_parent = !detail::trim_ows(traceparent).empty();
    const std::optional<detail::traceparent_fields> f =
        has_parent ? detail::parse_traceparent(traceparent) : std::nullopt;
    if (has_parent && !f) count(rejected.traceparent);
    if (!f) {
        // A new trace; a tracestate without a valid traceparent is dropped.
        if (!detail::trim_ows(tracestate).empty()) count(rejected.tracestate);
        remote_parent = 0;
        const detail::trace_id_bits id = detail::new_trace_id();
        return new detail::trace_node(id.hi, id.lo, 0, std::string());
    }
    std::optional<std::string> state = detail::parse_tracestate(tracestate);
    if (!state) count(rejected.tracestate);
    remote_parent = f->parent;
    return new detail::trace_node(f->trace_hi, f->trace_lo, f->flags & sampled_flag,
                                  state ? detail::truncate_tracestate(*state) : std::string());
}

// The current fiber's trace, or null.
const trace_position* current_trace(const origin& st) noexcept {
    return context_access::trace(st.ctx);
}

void validate_keys(const std::vector<std::string>& keys) {
    for (const std::string& k : keys) detail::validate_key(k);
}

bool allowed_key(const std::vector<std::string>& allowed, std::string_view key) noexcept {
    return std::find(allowed.begin(), allowed.end(), key) != allowed.end();
}

}  // namespace

trace_scope::trace_scope(std::string_view traceparent, std::string_view tracestate) {
    std::uint64_t remote_parent = 0;
    detail::trace_node::ptr node = adopt(traceparent, tracestate, remote_parent);
    const std::uint64_t span = detail::new_span_id();
    origin& st = detail::current_state();
    installed_ =
        context_access::rebind(st.ctx, trace_position{std::move(node), span, remote_parent});
    before_ = std::exchange(st.ctx, installed_);
    span_ = std::exchange(st.span, span);
    parent_span_ = std::exchange(st.parent_span, remote_parent);
}

trace_scope::~trace_scope() {
    origin& st = detail::current_state();
    if (st.ctx.same(installed_)) {
        st.ctx = std::move(before_);
    } else {
        // Keys changed in the scope keep their changes; only the trace is left.
        const trace_position* t = context_access::trace(before_);
        st.ctx = context_access::rebind(st.ctx, t != nullptr ? *t : trace_position{});
    }
    st.span = span_;
    st.parent_span = parent_span_;
}

std::string trace_id() {
    const trace_position* t = current_trace(detail::current_state());
    return t != nullptr ? std::string(t->node->id_hex()) : std::string();
}

std::string span_id() {
    const origin& st = detail::with_own_span(detail::current_state());
    if (current_trace(st) == nullptr) return {};
    std::string out;
    detail::append_hex64(out, st.span);
    return out;
}

std::string traceparent() {
    const origin& st = detail::with_own_span(detail::current_state());
    const trace_position* t = current_trace(st);
    if (t == nullptr) return {};
    char buf[55];
    detail::write_traceparent(buf, t->node->id_hi(), t->node->id_lo(), st.span, t->node->flags());
    return std::string(buf, sizeof buf);
}

std::string tracestate() {
    const trace_position* t = current_trace(detail::current_state());
    return t != nullptr ? t->node->state() : std::string();
}

std::size_t adopt_baggage(std::string_view header, const std::vector<std::string>& allowed) {
    validate_keys(allowed);
    detail::baggage_list list = detail::parse_baggage(header);
    if (list.skipped != 0) count(rejected.baggage_members, list.skipped);
    origin& st = detail::current_state();
    context ctx = st.ctx;
    std::size_t adopted = 0;
    for (detail::baggage_member& m : list.members) {
        if (!allowed_key(allowed, m.key)) continue;
        ctx = ctx.with(m.key, value(std::move(m.value)));
        ++adopted;
    }
    if (adopted != 0) st.ctx = std::move(ctx);
    return adopted;
}

std::string baggage(const std::vector<std::string>& allowed) {
    validate_keys(allowed);
    std::string out;
    std::string member;
    std::size_t members = 0;
    for (const auto& [key, val] : detail::current_state().ctx) {
        if (!allowed_key(allowed, key)) continue;
        member.assign(key);
        member += '=';
        detail::append_baggage_value(member, to_string(val));
        const std::size_t size = out.size() + (out.empty() ? 0 : 1) + member.size();
        if (members == detail::baggage_max_members || size > detail::baggage_max_bytes)
            continue;  // whole members only
        if (!out.empty()) out += ',';
        out += member;
        ++members;
    }
    return out;
}

rejected_header_counts rejected_headers() noexcept {
    return {rejected.traceparent.load(std::memory_order_relaxed),
            rejected.tracestate.load(std::memory_order_relaxed),
            rejected.baggage_members.load(std::memory_order_relaxed)};
}

}  // namespace fiberlog
