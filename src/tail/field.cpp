#include "field.hpp"

#include <array>
#include <stdexcept>
#include <utility>

#include <fiberlog/log_format.hpp>

namespace fiberlog::tail {

field_ref::field_ref(std::string_view name) : name_(name) {
    namespace field = log_format::field;
    static constexpr std::array<std::pair<std::string_view, builtin>, 7> builtins{{
        {field::trace_id, builtin::trace_id},
        {field::span_id, builtin::span_id},
        {field::parent_span_id, builtin::parent_span_id},
        {field::service, builtin::service},
        {field::host, builtin::host},
        {field::pid, builtin::pid},
        {field::logger, builtin::logger},
    }};
    if (name.substr(0, log_format::context_prefix.size()) == log_format::context_prefix) {
        name.remove_prefix(log_format::context_prefix.size());
    } else {
        for (const auto& [builtin_name, b] : builtins) {
            if (name == builtin_name) builtin_ = b;
        }
    }
    if (const char* why = log_format::key_error(name)) {
        throw std::invalid_argument("'" + name_ + "' is no key: " + why);
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
