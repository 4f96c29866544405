#include "field.hpp"

#include <array>
#include <stdexcept>
#include <utility>

namespace fiberlog::tail {

namespace {

constexpr std::size_t max_key_length = 128;

bool is_key(std::string_view key) noexcept {
    if (key.empty() || key.size() > max_key_length) return false;
    for (const char c : key) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
        if (!ok) return false;
    }
    return true;
}

}  // namespace

field_ref::field_ref(std::string_view name) : name_(name) {
    static constexpr std::array<std::pair<std::string_view, builtin>, 7> builtins{{
        {"trace_id", builtin::trace_id},
        {"span_id", builtin::span_id},
        {"parent_span_id", builtin::parent_span_id},
        {"service", builtin::service},
        {"host", builtin::host},
        {"pid", builtin::pid},
        {"logger", builtin::logger},
    }};
    constexpr std::string_view context_prefix = "ctx.";
    if (name.substr(0, context_prefix.size()) == context_prefix) {
        name.remove_prefix(context_prefix.size());
    } else {
        for (const auto& [builtin_name, b] : builtins) {
            if (name == builtin_name) builtin_ = b;
        }
    }
    if (!is_key(name)) {
        throw std::invalid_argument("'" + name_ +
                                    "' is no key (1 to 128 letters, digits, '_', '.', '-')");
    }
    key_ = name;
}

std::optional<ctx_field> field_ref::find(const record& r, std::string& storage) const {
    std::string_view text;
    switch (builtin_) {
        case builtin::none:
            break;
        case builtin::trace_id:
            text = r.trace_id;
            break;
        case builtin::span_id:
            text = r.span_id;
            break;
        case builtin::parent_span_id:
            text = r.parent_span_id;
            break;
        case builtin::service:
            text = r.service;
            break;
        case builtin::host:
            text = r.host;
            break;
        case builtin::logger:
            text = r.logger;
            break;
        case builtin::pid:
            if (r.pid) {
                storage = std::to_string(*r.pid);
                return ctx_field{name_, storage, value_kind::integer};
            }
            break;
    }
    // A text line's empty logger ("[]") is still its logger.
    if (!text.empty() || (builtin_ == builtin::logger && r.find(key_) == nullptr)) {
        return ctx_field{name_, text, value_kind::string};
    }
    if (const ctx_field* field = r.find(key_)) return *field;
    return std::nullopt;
}

}  // namespace fiberlog::tail
