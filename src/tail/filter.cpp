#include "filter.hpp"

#include <regex.h>

#include <algorithm>
#include <stdexcept>

namespace fiberlog::tail {

struct grep_pattern::compiled {
    explicit compiled(const std::string& text) {
        if (const int rc = regcomp(&re, text.c_str(), REG_EXTENDED | REG_NOSUB); rc != 0) {
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

grep_pattern::grep_pattern(const std::string& text)
    : compiled_(std::make_shared<const compiled>(text)) {}

bool grep_pattern::search(std::string_view s) const {
    // REG_STARTEND (glibc, BSD) takes the range from pmatch[0], so a NUL inside `s` does not end
    // it. The copy adds the terminator that sanitizers' regexec interceptors look for.
    terminated_.assign(s);
    regmatch_t range{0, static_cast<regoff_t>(s.size())};
    return regexec(&compiled_->re, terminated_.c_str(), 1, &range, REG_STARTEND) == 0;
}

bool record_filter::accepts(const record& r) const {
    const filter_options& o = options_;
    if (!o.fibers.empty() &&
        std::find(o.fibers.begin(), o.fibers.end(), r.fiber) == o.fibers.end()) {
        return false;
    }
    if (o.min_level && r.lvl < *o.min_level) return false;
    if (o.since_us && r.ts_us < *o.since_us) return false;
    if (o.until_us && r.ts_us > *o.until_us) return false;
    for (const auto& [key, value] : o.where) {
        const ctx_field* field = r.find(key);
        if (field == nullptr || field->text != value) return false;
    }
    return !o.grep || o.grep->search(r.msg);
}

bool record_filter::accepts_unparsed(std::string_view line) const {
    const filter_options& o = options_;
    if (!o.fibers.empty() || o.tree_root || o.min_level || !o.where.empty() || o.since_us ||
        o.until_us) {
        return false;
    }
    return !o.grep || o.grep->search(line);
}

}  // namespace fiberlog::tail
