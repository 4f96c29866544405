#pragma once

// The two do-it-yourself ways of putting a context into spdlog lines that fiberlog is
// compared with (bench/alternatives) and shown wrong against (tests/alternatives):
//
// - contender 3, `mdc`: a re-implementation of spdlog 1.14's MDC (include/spdlog/mdc.h and
//   the `%&` flag, `mdc_formatter` in pattern_formatter-inl.h), which Debian's spdlog 1.10
//   predates: a `static thread_local std::map<std::string, std::string>` read while the line
//   is formatted. Like the original it lives in a header, on purpose.
// - contender 4, `fss`: the same map in a `boost::fibers::fiber_specific_ptr`, read by a
//   custom flag.
//
// One deliberate difference from spdlog: pairs are written `key=value` (spdlog writes
// `key:value`), the bytes fiberlog's %K writes for such values, so that every contender of
// the benchmark formats the same line.

#include <map>
#include <memory>
#include <string>

#include <boost/fiber/fss.hpp>
#include <spdlog/pattern_formatter.h>

namespace fiberlog::alternatives {

using context_map = std::map<std::string, std::string>;

// `key=value` pairs separated by single spaces, in key order (std::map's, as spdlog's).
inline void append_pairs(const context_map& pairs, spdlog::memory_buf_t& dest) {
    bool first = true;
    for (const auto& [key, value] : pairs) {
        if (!first) dest.push_back(' ');
        first = false;
        dest.append(key.data(), key.data() + key.size());
        dest.push_back('=');
        dest.append(value.data(), value.data() + value.size());
    }
}

// spdlog 1.14's `spdlog::mdc`, member for member.
class mdc {
public:
    static void put(const std::string& key, const std::string& value) {
        get_context()[key] = value;
    }
    static std::string get(const std::string& key) {
        auto& context = get_context();
        auto it = context.find(key);
        return it != context.end() ? it->second : std::string();
    }
    static void remove(const std::string& key) { get_context().erase(key); }
    static void clear() { get_context().clear(); }
    static context_map& get_context() {
        static thread_local context_map context;
        return context;
    }
};

// spdlog 1.14's `%&` (mdc_formatter), as a custom flag: reads the formatting thread's map.
class mdc_flag final : public spdlog::custom_flag_formatter {
public:
    void format(const spdlog::details::log_msg&, const std::tm&,
                spdlog::memory_buf_t& dest) override {
        append_pairs(mdc::get_context(), dest);
    }
    std::unique_ptr<custom_flag_formatter> clone() const override {
        return std::make_unique<mdc_flag>();
    }
};

// The fiber-specific map. Never destroyed: a static fiber_specific_ptr would be destroyed
// after the main thread's fiber runtime, and its destructor needs that runtime.
inline boost::fibers::fiber_specific_ptr<context_map>& fss_context() {
    static auto* ptr = new boost::fibers::fiber_specific_ptr<context_map>();
    return *ptr;
}

inline void fss_put(const std::string& key, const std::string& value) {
    auto& ptr = fss_context();
    if (ptr.get() == nullptr) ptr.reset(new context_map());
    (*ptr)[key] = value;
}

// Reads the formatting fiber's map (nothing when it has none).
class fss_flag final : public spdlog::custom_flag_formatter {
public:
    void format(const spdlog::details::log_msg&, const std::tm&,
                spdlog::memory_buf_t& dest) override {
        if (const context_map* pairs = fss_context().get()) append_pairs(*pairs, dest);
    }
    std::unique_ptr<custom_flag_formatter> clone() const override {
        return std::make_unique<fss_flag>();
    }
};

// A spdlog pattern_formatter for `pattern` where `%&` is the thread_local MDC (as in spdlog
// 1.14) and `%~` the fiber_specific_ptr map.
inline std::unique_ptr<spdlog::formatter> alternative_formatter(const std::string& pattern) {
    auto formatter = std::make_unique<spdlog::pattern_formatter>();
    formatter->add_flag<mdc_flag>('&').add_flag<fss_flag>('~').set_pattern(pattern);
    return formatter;
}

}  // namespace fiberlog::alternatives
