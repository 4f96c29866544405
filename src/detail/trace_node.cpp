#include "detail/trace_node.hpp"

#include <fiberlog/detail/hex.hpp>
#include <utility>

namespace fiberlog::detail {

trace_node::trace_node(std::uint64_t hi, std::uint64_t lo, std::uint8_t flags, std::string state)
    : hi_(hi), lo_(lo), flags_(flags), state_(std::move(state)) {
    write_hex64(hex_, hi);
    write_hex64(hex_ + 16, lo);
}

}  // namespace fiberlog::detail
