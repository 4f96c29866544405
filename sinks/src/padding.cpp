#include "padding.hpp"

#include <algorithm>

namespace fiberlog::detail {
namespace {

void append_spaces(spdlog::memory_buf_t& dest, std::size_t n) {
    static constexpr std::string_view spaces = "                                ";
    for (std::size_t k; n > 0; n -= k) {
        k = std::min(n, spaces.size());
        dest.append(spaces.data(), spaces.data() + k);
    }
}

}  // namespace

void append_padded(spdlog::memory_buf_t& dest, std::string_view text,
                   const spdlog::details::padding_info& padding) {
    using side = spdlog::details::padding_info::pad_side;
    if (!padding.enabled()) {
        dest.append(text.data(), text.data() + text.size());
        return;
    }
    const std::size_t width = padding.width_;
    const std::size_t shown = padding.truncate_ ? std::min(text.size(), width) : text.size();
    const std::size_t fill = width > shown ? width - shown : 0;
    std::size_t left = 0;
    if (padding.side_ == side::left) left = fill;
    if (padding.side_ == side::center) left = fill / 2;
    append_spaces(dest, left);
    dest.append(text.data(), text.data() + shown);
    append_spaces(dest, fill - left);
}

}  // namespace fiberlog::detail
