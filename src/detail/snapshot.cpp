#include "detail/snapshot.hpp"

#include <fiberlog/diagnostics.hpp>
#include <fiberlog/log_format.hpp>

#include "detail/thread_slot.hpp"

namespace fiberlog {
namespace detail {
namespace {

std::atomic<std::size_t> live_count{0};

std::string render_text(const std::vector<context::entry>& entries) {
    std::string out;
    for (const auto& [key, val] : entries) {
        if (!out.empty()) out += ' ';
        out += key;
        out += '=';
        log_format::append_text_value(out, val);
    }
    return out;
}

std::string render_json(const std::vector<context::entry>& entries) {
    std::string out = "{";
    for (const auto& [key, val] : entries) {
        if (out.size() > 1) out += ',';
        log_format::append_json_string(out, key);
        out += ':';
        log_format::append_json_value(out, val);
    }
    out += '}';
    return out;
}

// Returns the cached rendering, rendering and publishing it on first use.
template <class Render>
const std::string& cached(std::atomic<const std::string*>& slot, Render render) {
    const std::string* s = slot.load(std::memory_order_acquire);
    if (s != nullptr) return *s;
    auto* fresh = new std::string(render());
    if (slot.compare_exchange_strong(s, fresh, std::memory_order_acq_rel)) return *fresh;
    delete fresh;  // another thread published first; `s` now holds its rendering
    return *s;
}

}  // namespace

snapshot::snapshot(std::vector<context::entry> entries, time_point deadline,
                   cancel_node::ptr cancel, trace_position position)
    : entries_(std::move(entries)),
      serial_(next_serial()),
      deadline_(deadline),
      cancel_(std::move(cancel)),
      trace_(std::move(position)) {
    live_count.fetch_add(1, std::memory_order_relaxed);
}

snapshot::~snapshot() {
    delete text_.load(std::memory_order_relaxed);
    delete json_.load(std::memory_order_relaxed);
    live_count.fetch_sub(1, std::memory_order_relaxed);
}

const std::string& snapshot::text() const {
    return cached(text_, [&] { return render_text(entries_); });
}

const std::string& snapshot::json() const {
    return cached(json_, [&] { return render_json(entries_); });
}

context context_access::make(std::vector<context::entry> entries, time_point deadline,
                             cancel_node::ptr cancel, trace_position position) {
    if (entries.empty() && deadline == no_deadline && !cancel && !position.node)
        return context{};
    return context(boost::intrusive_ptr<const snapshot_header>(
        new snapshot(std::move(entries), deadline, std::move(cancel), std::move(position)),
        /*add_ref=*/false));
}

context context_access::make(std::vector<context::entry> entries, const context& like) {
    const trace_position* t = trace(like);
    return make(std::move(entries), deadline(like), cancel_node::ptr(cancel(like)),
                t != nullptr ? *t : trace_position{});
}

context context_access::rebind(const context& c, time_point deadline, cancel_node::ptr cancel) {
    const trace_position* t = trace(c);
    return make(std::vector<context::entry>(c.begin(), c.end()), deadline, std::move(cancel),
                t != nullptr ? *t : trace_position{});
}

context context_access::rebind(const context& c, trace_position position) {
    return make(std::vector<context::entry>(c.begin(), c.end()), deadline(c),
                cancel_node::ptr(cancel(c)), std::move(position));
}

void destroy_snapshot(const snapshot_header* s) noexcept {
    delete static_cast<const snapshot*>(s);
}

}  // namespace detail

std::size_t live_snapshots() noexcept { return detail::live_count.load(std::memory_order_relaxed); }

}  // namespace fiberlog
