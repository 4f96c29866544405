#include "filter.hpp"

#include <regex.h>

#include <algorithm>
#include <stdexcept>

namespace fiberlog::tail {

struct grep_pattern::compiled {
    compiled(const std::string& text, bool ignore_case) {
        const int flags = REG_EXTENDED | REG_NOSUB | (ignore_case ? REG_ICASE : 0);
        if (const int rc = regcomp(&re, text.c_str(), flags); rc != 0) {
            char message[256];
            regerror(rc, &re, message, sizeof message);
            throw std::invalid_argument(message);  // no destructor runs: nothing to free
        }
    }
    ~compiled() { regfree(&re); }
    compiled(const compiled&) = delete;
    compiled& operator=(const compiled&) = delete;

    regex_t re;
};

grep_pattern::grep_pattern(const std::string& text, bool ignore_case)
    : compiled_(std::make_shared<const compiled>(text, ignore_case)) {}

bool grep_pattern::search(std::string_view s) const {
    // REG_STARTEND (glibc, BSD) takes the range from pmatch[0], so a NUL inside `s` does not end
    // it. The copy adds the terminator that sanitizers' regexec interceptors look for.
    terminated_.assign(s);
    regmatch_t range{0, static_cast<regoff_t>(s.size())};
    return regexec(&compiled_->re, terminated_.c_str(), 1, &range, REG_STARTEND) == 0;
}

namespace {

char ascii_lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

bool contains(std::string_view haystack, std::string_view needle, bool ignore_case) {
    if (!ignore_case) return haystack.find(needle) != std::string_view::npos;
    return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                       [](char a, char b) { return ascii_lower(a) == ascii_lower(b); }) !=
           haystack.end();
}

}  // namespace

where_clause::where_clause(std::string_view text, bool ignore_case) : ignore_case_(ignore_case) {
    // The key ends at the first '!', '~' or '=': none of them can be in a key.
    const std::size_t end = text.find_first_of("!~=");
    if (end == std::string_view::npos || end == 0) {
        throw std::invalid_argument("'" + std::string(text) +
                                    "' is not KEY=VALUE, KEY~=TEXT, KEY~~=REGEX or a negation "
                                    "(KEY!=VALUE, KEY!~=TEXT, KEY!~~=REGEX)");
    }
    field_.emplace(text.substr(0, end));
    std::string_view rest = text.substr(end);
    if (rest.front() == '!') {
        negated_ = true;
        rest.remove_prefix(1);
    }
    if (rest.substr(0, 3) == "~~=") {
        op_ = op::matches;
        rest.remove_prefix(3);
    } else if (rest.substr(0, 2) == "~=") {
        op_ = op::contains;
        rest.remove_prefix(2);
    } else if (rest.substr(0, 1) == "=") {
        rest.remove_prefix(1);
    } else {
        throw std::invalid_argument("'" + std::string(text) + "' has no operator =, ~= or ~~=");
    }
    value_ = rest;
    if (op_ == op::matches) regex_.emplace(value_, ignore_case);
}

bool where_clause::matches_value(std::string_view value) const {
    switch (op_) {
        case op::equal:
            return value == value_;
        case op::contains:
            return contains(value, value_, ignore_case_);
        case op::matches:
            break;
    }
    return regex_->search(value);
}

bool where_clause::holds(const record& r) const {
    const std::optional<ctx_field> field = field_->find(r, storage_);
    return negated_ != (field && matches_value(field->text));
}

bool record_filter::patterns_match(const std::string_view* message, std::string_view line) const {
    const filter_options& o = options_;
    if (!o.grep && !o.grep_line) return true;
    const bool found = (!o.grep || o.grep->search(message != nullptr ? *message : line)) &&
                       (!o.grep_line || o.grep_line->search(line));
    return found != o.invert;
}

bool record_filter::accepts(const record& r, std::string_view line) const {
    const filter_options& o = options_;
    if (!o.fibers.empty() &&
        std::find(o.fibers.begin(), o.fibers.end(), r.fiber) == o.fibers.end()) {
        return false;
    }
    if (o.min_level && r.lvl < *o.min_level) return false;
    if (o.since_us && r.ts_us < *o.since_us) return false;
    if (o.until_us && r.ts_us > *o.until_us) return false;
    if (!o.loggers.empty() &&
        std::find(o.loggers.begin(), o.loggers.end(), r.logger) == o.loggers.end()) {
        return false;
    }
    for (const where_clause& w : o.where) {
        if (!w.holds(r)) return false;
    }
    return patterns_match(&r.msg, line);
}

bool record_filter::accepts_unparsed(std::string_view line) const {
    const filter_options& o = options_;
    if (!o.fibers.empty() || o.tree_root || o.min_level || !o.loggers.empty() ||
        !o.where.empty() || o.since_us || o.until_us) {
        return false;
    }
    return patterns_match(nullptr, line);
}

}  // namespace fiberlog::tail
