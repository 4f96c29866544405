#include <fiberlog/value.hpp>

#include <charconv>
#include <cmath>

#include <fiberlog/log_format.hpp>

namespace fiberlog {

std::string to_string(const value& v) {
    std::string out;
    if (auto* s = std::get_if<std::string>(&v)) return *s;
    if (auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
    if (auto* d = std::get_if<double>(&v)) {
        log_format::append_shortest(out, *d);
    } else if (auto* i = std::get_if<std::int64_t>(&v)) {
        log_format::append_decimal(out, *i);
    } else {
        log_format::append_decimal(out, std::get<std::uint64_t>(v));
    }
    return out;
}

double detail::widen_float(float f) noexcept {
    char buf[32];
    const auto printed = std::to_chars(buf, buf + sizeof buf, f);  // shortest; nan, inf too
    double d = f;  // nan and inf keep their value (and sign) as they widen
    if (std::isfinite(f)) std::from_chars(buf, printed.ptr, d);
    return d;
}

}  // namespace fiberlog
