#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

#include <fiberlog/export.hpp>

namespace fiberlog {

/// A context value: text, a signed integer, a floating-point number, a flag, or an unsigned
/// integer too large for std::int64_t to need a sign (std::uint64_t keeps every unsigned value
/// exactly). std::visit and std::get work on it as on any variant.
///
/// put(), scoped and context::with() take the ordinary C++ types directly and keep their
/// exact value: every signed integer type as std::int64_t, every unsigned one (std::size_t,
/// std::uint64_t up to its maximum) as std::uint64_t, `float` and `double` as double, `bool`,
/// a `char` as a one-character string, `const char*`, string literals (strings, never
/// bools), std::string and std::string_view as std::string.
using value = std::variant<std::string, std::int64_t, double, bool, std::uint64_t>;

/// Renders a value as text: strings as they are, integers in decimal, `true`/`false`, and
/// doubles in the shortest form that reads back exactly (`2.5`, `1e+300`, `nan`, `inf`).
/// Never throws except std::bad_alloc.
FIBERLOG_API std::string to_string(const value& v);

namespace detail {

// The double nearest to the shortest decimal form of `f` (0.1f -> 0.1, not
// 0.100000001490116...): a float reads back exactly from it, and prints as users wrote it.
FIBERLOG_API double widen_float(float f) noexcept;

template <class T>
using bare = std::remove_cv_t<std::remove_reference_t<T>>;

// The types put(), scoped and context::with() convert themselves (see value above): every
// integer type but the wide character types, float, double, strings and string views, and
// C strings (arrays and pointers).
template <class T, class U = bare<T>, class D = std::decay_t<T>>
inline constexpr bool is_value_source =
    (std::is_integral_v<U> && !std::is_same_v<U, wchar_t> && !std::is_same_v<U, char16_t> &&
     !std::is_same_v<U, char32_t>) ||
    std::is_same_v<U, float> || std::is_same_v<U, double> || std::is_same_v<U, std::string> ||
    std::is_same_v<U, std::string_view> || std::is_same_v<D, const char*> ||
    std::is_same_v<D, char*>;

// `v` as the alternative that keeps its exact value. Throws std::invalid_argument for a null
// `const char*`.
template <class T>
value to_value(T&& v) {
    using U = bare<T>;
    using D = std::decay_t<T>;
    if constexpr (std::is_same_v<U, bool>) {
        return value{std::in_place_type<bool>, v};
    } else if constexpr (std::is_same_v<U, char>) {
        return value{std::in_place_type<std::string>, std::size_t{1}, v};
    } else if constexpr (std::is_integral_v<U> && std::is_signed_v<U>) {
        return value{std::in_place_type<std::int64_t>, static_cast<std::int64_t>(v)};
    } else if constexpr (std::is_integral_v<U>) {
        return value{std::in_place_type<std::uint64_t>, static_cast<std::uint64_t>(v)};
    } else if constexpr (std::is_same_v<U, float>) {
        return value{std::in_place_type<double>, widen_float(v)};
    } else if constexpr (std::is_same_v<U, double>) {
        return value{std::in_place_type<double>, v};
    } else if constexpr (std::is_same_v<U, std::string>) {
        return value{std::in_place_type<std::string>, std::forward<T>(v)};
    } else if constexpr (std::is_same_v<U, std::string_view>) {
        return value{std::in_place_type<std::string>, v};
    } else {
        static_assert(std::is_same_v<D, const char*> || std::is_same_v<D, char*>);
        const char* s = v;
        if (s == nullptr) throw std::invalid_argument("fiberlog: a context value is a null string");
        return value{std::in_place_type<std::string>, s};
    }
}

}  // namespace detail

}  // namespace fiberlog
