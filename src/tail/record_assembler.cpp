#include "record_assembler.hpp"

namespace fiberlog::tail {

bool record_assembler::continues(std::uint16_t input, std::uint64_t offset,
                                 std::size_t size) const noexcept {
    // The extent in the input bounds the joined text too (skipped empty lines are not in it).
    return holding_ && input == input_ && offset >= offset_ && offset + size - offset_ <= max_held;
}

void record_assembler::hold(std::uint16_t input, std::uint64_t offset, std::string_view text) {
    holding_ = true;
    input_ = input;
    offset_ = offset;
    length_ = static_cast<std::uint32_t>(text.size());
    held_.assign(text.begin(), text.end());
    held_.resize(held_.size() + line_padding, '\0');
}

void record_assembler::append_held(std::uint64_t offset, std::string_view text) {
    held_.resize(held_.size() - line_padding);
    held_.push_back('\n');
    held_.insert(held_.end(), text.begin(), text.end());
    held_.resize(held_.size() + line_padding, '\0');
    // Below max_held, so far below 2^32 (continues()).
    length_ = static_cast<std::uint32_t>(offset + text.size() - offset_);
}

}  // namespace fiberlog::tail
