#include "index.hpp"

#include <stdexcept>

namespace fiberlog::tail {

std::string group_name(const group& g) {
    switch (g.kind) {
        case group_kind::fiber:
            return std::to_string(g.fiber);
        case group_kind::value:
            return *g.value;
        case group_kind::none:
            return "(none)";
        case group_kind::unparsed:
            break;
        case group_kind::all:
            return "all";
    }
    return "unparsed";
}

std::uint32_t log_index::new_group(group_kind kind) {
    groups_.push_back(group{kind});
    return static_cast<std::uint32_t>(groups_.size() - 1);
}

std::uint32_t log_index::source(std::string_view key) {
    if (const auto it = source_numbers_.find(key); it != source_numbers_.end()) return it->second;
    const auto number = static_cast<std::uint32_t>(sources_.size());
    sources_.emplace_back(key);
    fibers_.emplace_back();
    source_numbers_.emplace(sources_.back(), number);
    return number;
}

std::uint32_t log_index::fiber_group(std::uint32_t source, std::uint64_t fiber) {
    return fibers_[source].find_or_add(fiber, [&] {
        const std::uint32_t g = new_group(group_kind::fiber);
        groups_.back().fiber = fiber;
        groups_.back().source = &sources_[source];
        return g;
    });
}

std::uint32_t log_index::value_group(std::string_view value) {
    lookup_.assign(value);
    const auto [it, added] = values_.try_emplace(lookup_, 0);
    if (added) {
        it->second = new_group(group_kind::value);
        groups_.back().value = &it->first;
    }
    return it->second;
}

std::uint32_t log_index::none_group() {
    if (none_ == UINT32_MAX) none_ = new_group(group_kind::none);
    return none_;
}

std::uint32_t log_index::unparsed_group() {
    if (unparsed_ == UINT32_MAX) unparsed_ = new_group(group_kind::unparsed);
    return unparsed_;
}

std::uint32_t log_index::all_group() {
    if (all_ == UINT32_MAX) all_ = new_group(group_kind::all);
    return all_;
}

std::uint32_t log_index::group_like(const group& other) {
    switch (other.kind) {
        case group_kind::fiber:
            return fiber_group(source(*other.source), other.fiber);
        case group_kind::value:
            return value_group(*other.value);
        case group_kind::none:
            return none_group();
        case group_kind::unparsed:
            break;
        case group_kind::all:
            return all_group();
    }
    return unparsed_group();
}

void log_index::append(const log_index& next) {
    if (entries_.size() + next.entries_.size() >= UINT32_MAX) {
        throw std::length_error("more than 2^32 lines");
    }
    for (const std::string& key : next.sources_) source(key);
    const auto base = static_cast<std::uint32_t>(entries_.size());
    for (entry e : next.entries_) {
        e.next_ += base;  // a group's last line is linked below or by a later append
        entries_.push_back(e);
    }
    for (const group& from : next.groups_) {
        if (from.count == 0) continue;
        group& to = groups_[group_like(from)];
        if (to.count == 0) {
            to.first = base + from.first;
        } else {
            entries_[to.last].next_ = base + from.first;
        }
        to.last = base + from.last;
        to.count += from.count;
    }
}

void log_index::add(std::uint32_t g, const entry& e) {
    if (entries_.size() >= UINT32_MAX) throw std::length_error("more than 2^32 lines");
    const auto n = static_cast<std::uint32_t>(entries_.size());
    entries_.push_back(e);
    group& target = groups_[g];
    if (target.count++ == 0) {
        target.first = n;
    } else {
        entries_[target.last].next_ = n;
    }
    target.last = n;
}

}  // namespace fiberlog::tail
