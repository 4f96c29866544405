#pragma once

// The record filters: --fiber, --level, --where, --grep, --since, --until (and --tree, whose
// membership test needs the fiber tree and is done by the caller).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "record.hpp"

namespace fiberlog::tail {

// A POSIX extended regular expression, as `grep -E` takes, matched against bytes.
class grep_pattern {
public:
    // Throws std::invalid_argument, with regcomp's explanation, when `text` is no valid ERE.
    explicit grep_pattern(const std::string& text);

    // True when the pattern matches somewhere in `s` (which may hold any byte, NUL included).
    bool search(std::string_view s) const;

private:
    struct compiled;
    std::shared_ptr<const compiled> compiled_;  // shared: filters are copied, a regex_t is not
    mutable std::string terminated_;            // the searched text with a NUL after it
};

struct filter_options {
    std::vector<std::uint64_t> fibers;                       // any of them; empty = all
    std::optional<std::uint64_t> tree_root;                  // checked by the caller
    std::optional<level> min_level;                          // this level and above
    std::vector<std::pair<std::string, std::string>> where;  // every key=value must hold
    std::optional<grep_pattern> grep;                        // searched in the message
    std::optional<std::int64_t> since_us, until_us;          // inclusive bounds
};

class record_filter {
public:
    explicit record_filter(filter_options options) : options_(std::move(options)) {}

    // True when `r` passes every filter but --tree. --where compares the value as
    // fiberlog::to_string prints it, so "attempt=2" matches the integer 2 and the string "2".
    bool accepts(const record& r) const;

    // Lines that are no record have no fiber, level, context or time: they pass only when no
    // filter but --grep is set, and --grep searches the whole line.
    bool accepts_unparsed(std::string_view line) const;

    const filter_options& options() const noexcept { return options_; }

private:
    filter_options options_;
};

}  // namespace fiberlog::tail
