#include "merged_reader.hpp"

#include <stdexcept>

namespace fiberlog::tail {

merged_reader::merged_reader(const std::vector<input>& inputs) {
    if (inputs.size() > UINT16_MAX + 1u) throw std::length_error("more than 65536 inputs");
    for (const input& in : inputs) cursors_.emplace_back(in);
    for (std::size_t i = 0; i < cursors_.size(); ++i) advance(static_cast<std::uint16_t>(i));
}

void merged_reader::advance(std::uint16_t i) {
    cursor& c = cursors_[i];
    do {
        if (!c.reader.next(c.text, c.offset) && !c.reader.take_rest(c.text, c.offset)) return;
    } while (c.text.empty());
    c.parsed = c.parser.parse(c.text, c.rec);
    if (c.parsed) c.ts_us = c.rec.ts_us;
    heads_.emplace(c.ts_us, i);
}

bool merged_reader::next(merged_line& out) {
    if (to_advance_ >= 0) advance(static_cast<std::uint16_t>(to_advance_));
    if (heads_.empty()) return false;
    const std::uint16_t i = heads_.top().second;
    heads_.pop();
    const cursor& c = cursors_[i];
    out = merged_line{i, c.offset, c.text, c.parsed ? &c.rec : nullptr};
    to_advance_ = i;
    return true;
}

}  // namespace fiberlog::tail
