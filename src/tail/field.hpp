#pragma once

// A field of a record named on the command line (--by, --where): a context key or one of the
// built-in fields trace_id, span_id, parent_span_id, service, host, pid, logger.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "record.hpp"

namespace fiberlog::tail {

class field_ref {
public:
    // A built-in field's name means that field when the line has it, else the context key of
    // that name (a log written before the field existed); any other name is a context key;
    // "ctx.KEY" is the context key KEY only. Throws std::invalid_argument when the key is no
    // fiberlog key, saying why (log_format::key_error).
    explicit field_ref(std::string_view name);

    // The field's value in `r`, named by the field's name, its text as fiberlog::to_string
    // prints it; nullopt when `r` has neither the field nor the key. A pid's text is written to
    // `storage` (so that threads can share one field_ref).
    std::optional<ctx_field> find(const record& r, std::string& storage) const;

    // The name as given.
    const std::string& name() const noexcept { return name_; }

private:
    enum class builtin : std::uint8_t {
        none,
        trace_id,
        span_id,
        parent_span_id,
        service,
        host,
        pid,
        logger
    };

    std::string name_;
    std::string key_;  // the context key
    builtin builtin_ = builtin::none;
};

}  // namespace fiberlog::tail
