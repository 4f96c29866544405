#pragma once

#include <string>
#include <string_view>

#include "record.hpp"

namespace fiberlog::tail::test {

// A line followed by line_padding readable bytes, as the parsers require.
class padded {
public:
    explicit padded(std::string_view line)
        : buf_(std::string(line) + std::string(line_padding, ' ')), size_(line.size()) {}
    std::string_view view() const noexcept { return {buf_.data(), size_}; }

private:
    std::string buf_;
    std::size_t size_;
};

}  // namespace fiberlog::tail::test
