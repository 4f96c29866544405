#include "text_run.hpp"

#include <algorithm>

#include <fiberlog/detail/escape.hpp>

#include "record_origin.hpp"

namespace fiberlog::detail {

void text_run::render(spdlog::memory_buf_t& dest) const {
    const record_origin origin = current_origin();
    for (const text_piece& p : pieces_) {
        switch (p.what) {
        case text_piece::kind::literal: append(dest, p.text); break;
        case text_piece::kind::fiber: append_decimal(dest, origin.fiber); break;
        case text_piece::kind::parent: append_decimal(dest, origin.parent); break;
        case text_piece::kind::context: append(dest, origin.ctx->text()); break;
        case text_piece::kind::key:
            if (const value* v = origin.ctx->find(p.text)) append_text_value(dest, *v);
            break;
        }
    }
}

void text_run::format(const spdlog::details::log_msg&, const std::tm&,
                      spdlog::memory_buf_t& dest) {
    if (!padinfo_.enabled()) return render(dest);
    // A padded flag (`%-20K`): render aside, then pad or truncate like spdlog does.
    spdlog::memory_buf_t piece;
    render(piece);
    const std::size_t width = padinfo_.width_;
    const std::size_t shown = padinfo_.truncate_ ? std::min(piece.size(), width) : piece.size();
    const std::size_t fill = width > shown ? width - shown : 0;
    std::size_t left = 0;
    if (padinfo_.side_ == spdlog::details::padding_info::pad_side::left) left = fill;
    if (padinfo_.side_ == spdlog::details::padding_info::pad_side::center) left = fill / 2;
    const std::string spaces(fill, ' ');
    dest.append(spaces.data(), spaces.data() + left);
    dest.append(piece.data(), piece.data() + shown);
    dest.append(spaces.data() + left, spaces.data() + fill);
}

std::unique_ptr<spdlog::custom_flag_formatter> text_run::clone() const {
    auto copy = std::make_unique<text_run>(pieces_);
    copy->set_padding_info(padinfo_);
    return copy;
}

}  // namespace fiberlog::detail
