#include <fiberlog/value.hpp>

#include <fiberlog/detail/escape.hpp>

namespace fiberlog {

std::string to_string(const value& v) {
    struct visitor {
        std::string operator()(const std::string& s) const { return s; }
        std::string operator()(std::int64_t i) const { return std::to_string(i); }
        std::string operator()(double d) const {
            std::string out;
            detail::append_shortest(out, d);
            return out;
        }
        std::string operator()(bool b) const { return b ? "true" : "false"; }
    };
    return std::visit(visitor{}, v);
}

}  // namespace fiberlog
