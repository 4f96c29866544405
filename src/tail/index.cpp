#include "index.hpp"

#include <cassert>
#include <stdexcept>
#include <vector>

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
        groups_.back().source_number = source;
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
    // The sources' numbers here, by their numbers in `next`: a fiber group is then found
    // without hashing its source's key again.
    std::vector<std::uint32_t> sources(next.sources_.size());
    for (std::size_t i = 0; i < sources.size(); ++i) sources[i] = source(next.sources_[i]);
    const auto base = static_cast<std::uint32_t>(entries_.size());
    // The groups' numbers here, by their numbers in `next`, made in next's order.
    std::vector<std::uint32_t> groups(next.groups_.size(), UINT32_MAX);
    for (std::uint32_t g = 0; g < next.groups_.size(); ++g) {
        const group& from = next.groups_[g];
        if (from.count == 0) continue;
        groups[g] = from.kind == group_kind::fiber
                        ? fiber_group(sources[from.source_number], from.fiber)
                        : group_like(from);
        group& to = groups_[groups[g]];
        if (to.count == 0) to.first = base + from.first;
        to.count += from.count;
    }
    for (entry e : next.entries_) {
        e.group_ = groups[e.group_];
        entries_.push_back(e);
    }
}

void log_index::add(std::uint32_t g, const entry& e) {
    if (entries_.size() >= UINT32_MAX) throw std::length_error("more than 2^32 lines");
    const auto n = static_cast<std::uint32_t>(entries_.size());
    entries_.push_back(e);
    entries_.back().group_ = g;
    group& target = groups_[g];
    if (target.count++ == 0) target.first = n;
}

std::vector<std::uint32_t> lines_of(const log_index& index,
                                    const std::vector<std::uint32_t>& groups) {
    // Where each group's lines start in the result; UINT32_MAX for the groups left out.
    std::vector<std::uint32_t> next(index.groups().size(), UINT32_MAX);
    std::uint32_t total = 0;
    for (const std::uint32_t g : groups) {
        assert(next[g] == UINT32_MAX && "lines_of: a group asked for twice");
        next[g] = total;
        total += index.groups()[g].count;
    }
    std::vector<std::uint32_t> lines(total);
    for (std::uint32_t i = 0; i < index.size(); ++i) {
        std::uint32_t& at = next[index.at(i).group()];
        if (at != UINT32_MAX) lines[at++] = i;
    }
    return lines;
}

}  // namespace fiberlog::tail
