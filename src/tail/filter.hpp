#pragma once

// The record filters: --fiber, --level, --logger, --where, --grep, --grep-line, --since,
// --until (and --tree and --trace, whose membership tests need the whole tree and are done by
// the caller).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "field.hpp"
#include "record.hpp"

namespace fiberlog::tail {

// A POSIX extended regular expression, as `grep -E` takes, matched against bytes.
class grep_pattern {
public:
    // Throws std::invalid_argument, with regcomp's explanation, when `text` is no valid ERE.
    explicit grep_pattern(const std::string& text, bool ignore_case = false);

    // True when the pattern matches somewhere in `s` (which may hold any byte, NUL included).
    bool search(std::string_view s) const;

private:
    struct compiled;
    std::shared_ptr<const compiled> compiled_;  // shared: filters are copied, a regex_t is not
    mutable std::string terminated_;            // the searched text with a NUL after it
};

// One --where condition, as hl writes them: KEY=VALUE, KEY~=TEXT (contains), KEY~~=REGEX, and
// their negations KEY!=VALUE, KEY!~=TEXT, KEY!~~=REGEX. A negation holds for a record without
// the key too.
class where_clause {
public:
    // Throws std::invalid_argument for a missing operator, an invalid key or regex.
    where_clause(std::string_view text, bool ignore_case);

    bool holds(const record& r) const;

private:
    enum class op : std::uint8_t { equal, contains, matches };

    bool matches_value(std::string_view value) const;

    std::optional<field_ref> field_;  // always set: optional only to be built in the body
    op op_ = op::equal;
    bool negated_ = false;
    bool ignore_case_ = false;
    std::string value_;
    std::optional<grep_pattern> regex_;
    mutable std::string storage_;  // for field_ref::find: each thread filters with a copy
};

struct filter_options {
    std::vector<std::uint64_t> fibers;               // any of them; empty = all
    std::optional<std::uint64_t> tree_root;          // checked by the caller
    std::optional<level> min_level;                  // this level and above
    std::vector<std::string> loggers;                // any of them; empty = all
    std::vector<where_clause> where;                 // every one must hold
    std::optional<grep_pattern> grep;                // searched in the message
    std::optional<grep_pattern> grep_line;           // searched in the line as written
    bool invert = false;                             // keep what grep and grep_line do not match
    std::optional<std::int64_t> since_us, until_us;  // inclusive bounds
};

class record_filter {
public:
    explicit record_filter(filter_options options) : options_(std::move(options)) {}

    // True when `r`, read from `line` (its text as written), passes every filter but --tree.
    // --where compares the value as fiberlog::to_string prints it, so "attempt=2" matches the
    // integer 2 and the string "2".
    bool accepts(const record& r, std::string_view line) const;

    // Lines that are no record have no fiber, level, context or time: they pass only when no
    // filter but --grep, --grep-line (which both search the whole line) and --invert is set.
    bool accepts_unparsed(std::string_view line) const;

    const filter_options& options() const noexcept { return options_; }

private:
    // Whether --grep and --grep-line match (with --invert, do not): `message` is null for a
    // line that is no record.
    bool patterns_match(const std::string_view* message, std::string_view line) const;

    filter_options options_;
};

}  // namespace fiberlog::tail
