#pragma once

// The index of the grouping modes: where every kept line lives (input, offset, length) and
// which group it belongs to, without the text. Groups are numbered in order of first
// appearance; lines in the order they were added (input order).

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "id_map.hpp"

namespace fiberlog::tail {

enum class group_kind : std::uint8_t {
    fiber,     // the lines of one fiber of one source (source.hpp)
    value,     // the lines whose --by key has one value
    none,      // the lines without the --by key
    unparsed,  // the lines that are no record
    all,       // --flat: every line
};

struct group {
    group_kind kind;
    std::uint64_t fiber = 0;              // kind == fiber
    const std::string* source = nullptr;  // kind == fiber: its source's key; owned by the index
    std::uint32_t source_number = 0;      // kind == fiber: its source's number in the index
    const std::string* value = nullptr;   // kind == value; owned by the index
    std::uint32_t count = 0;
    std::uint32_t first = 0;  // the number of its first line
};

// A group's key as --count prints it: the decimal fiber id, the value, "(none)", "unparsed"
// or "all".
std::string group_name(const group& g);

// One line: 16 bytes, the input number and the offset packed in one word, and its group.
class entry {
public:
    static constexpr unsigned offset_bits = 48;  // 256 TiB per input, 65536 inputs

    entry(std::uint16_t input, std::uint64_t offset, std::uint32_t length) noexcept
        : where_((std::uint64_t{input} << offset_bits) | offset), length_(length) {}

    std::uint16_t input() const noexcept {
        return static_cast<std::uint16_t>(where_ >> offset_bits);
    }
    std::uint64_t offset() const noexcept {
        return where_ & ((std::uint64_t{1} << offset_bits) - 1);
    }
    // Input and offset in one number that orders lines by input, then by offset.
    std::uint64_t position() const noexcept { return where_; }
    std::uint32_t length() const noexcept { return length_; }
    // The number of its group in the index it was added to.
    std::uint32_t group() const noexcept { return group_; }

private:
    friend class log_index;
    std::uint64_t where_;
    std::uint32_t length_;
    std::uint32_t group_ = 0;
};

class log_index {
public:
    // The number of the source with key `key` (source_keys) in this index, made when first
    // asked for.
    std::uint32_t source(std::string_view key);
    // The keys of the sources asked for, by number.
    const std::deque<std::string>& sources() const noexcept { return sources_; }

    // The group of a fiber of source number `source`, of a --by value, of lines without the
    // key, of unparsed lines, of every line (--flat); each is made when first asked for.
    std::uint32_t fiber_group(std::uint32_t source, std::uint64_t fiber);
    std::uint32_t value_group(std::string_view value);
    std::uint32_t none_group();
    std::uint32_t unparsed_group();
    std::uint32_t all_group();
    // The group of this index with the key of `other`, a group of another index.
    std::uint32_t group_like(const group& other);

    // Appends a line to group `g`. Throws std::length_error past 2^32 lines.
    void add(std::uint32_t g, const entry& e);
    // Appends the lines of `next`, the index of the lines that come next, as if each had been
    // added in turn: new groups in their order of first appearance in `next`. Throws
    // std::length_error past 2^32 lines.
    void append(const log_index& next);
    // Lines in the index, numbered from 0 in the order they were added.
    std::uint32_t size() const noexcept { return static_cast<std::uint32_t>(entries_.size()); }

    const std::deque<group>& groups() const noexcept { return groups_; }
    const entry& at(std::uint32_t i) const noexcept { return entries_[i]; }

private:
    std::uint32_t new_group(group_kind kind);

    // Deques grow without copying: no peak of twice the size while growing.
    std::deque<entry> entries_;
    std::deque<group> groups_;
    std::deque<std::string> sources_;  // by number; a deque: groups point to them
    std::unordered_map<std::string_view, std::uint32_t> source_numbers_;  // views of sources_
    std::deque<id_map> fibers_;                                           // per source number
    std::unordered_map<std::string, std::uint32_t> values_;               // node keys never move
    std::string lookup_;                                                  // reused key for lookups
    std::uint32_t none_ = UINT32_MAX, unparsed_ = UINT32_MAX, all_ = UINT32_MAX;
};

// The numbers of the lines of `groups` (distinct group numbers of `index`), group after
// group, each group's lines in the order they were added. A counting sort in one pass over the index:
// following each group's lines through the index instead would wait for memory at every
// line of a big index.
std::vector<std::uint32_t> lines_of(const log_index& index,
                                    const std::vector<std::uint32_t>& groups);

// A group to print and its depth in the --tree (0 otherwise).
struct planned_group {
    std::uint32_t group;
    std::uint32_t depth;
};

}  // namespace fiberlog::tail
