#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include <fiberlog/export.hpp>

namespace fiberlog {

/// A context value: text, a signed integer, a floating-point number or a flag.
using value = std::variant<std::string, std::int64_t, double, bool>;

/// Renders a value as text: strings as they are, integers in decimal, `true`/`false`, and
/// doubles in the shortest form that reads back exactly (`2.5`, `1e+300`, `nan`, `inf`).
/// Never throws except std::bad_alloc.
FIBERLOG_API std::string to_string(const value& v);

}  // namespace fiberlog
