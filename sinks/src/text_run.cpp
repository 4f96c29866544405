#include "text_run.hpp"

#include <algorithm>

#include <fiberlog/detail/hex.hpp>
#include <fiberlog/identity.hpp>
#include <fiberlog/log_format.hpp>

#include "padding.hpp"
#include "record_origin.hpp"

namespace fiberlog::detail {

namespace {

using log_format::append;
using log_format::append_decimal;

bool has_piece(const std::vector<text_piece>& pieces, text_piece::kind k) {
    return std::any_of(pieces.begin(), pieces.end(),
                       [k](const text_piece& p) { return p.what == k; });
}

}  // namespace

text_run::text_run(std::vector<text_piece> pieces)
    : pieces_(std::move(pieces)),
      cacheable_(!has_piece(pieces_, text_piece::kind::deadline)),
      has_identity_(has_piece(pieces_, text_piece::kind::service)) {}

const std::string& text_run::rendered() {
    const record_origin origin = current_origin();
    if (!cacheable_) {
        rendering& scratch = cache_[0];
        scratch.bytes.clear();
        scratch.fiber = 0;  // never a cache hit
        render(origin, scratch.bytes);
        return scratch.bytes;
    }
    if (has_identity_) forget_if_identity_changed();
    const std::uint64_t serial = origin.ctx->serial();
    const std::uint64_t mixed = (origin.fiber * 0x9E3779B97F4A7C15ull) ^ serial;
    rendering& slot = cache_[(mixed >> 32) % cache_.size()];
    if (slot.fiber != origin.fiber || slot.serial != serial || slot.span != origin.span) {
        slot.bytes.clear();
        render(origin, slot.bytes);
        slot.fiber = origin.fiber;
        slot.serial = serial;
        slot.span = origin.span;
    }
    return slot.bytes;
}

void text_run::render(const record_origin& origin, std::string& dest) const {
    for (const text_piece& p : pieces_) {
        switch (p.what) {
        case text_piece::kind::literal: append(dest, p.text); break;
        case text_piece::kind::fiber: append_decimal(dest, origin.fiber); break;
        case text_piece::kind::parent: append_decimal(dest, origin.parent); break;
        case text_piece::kind::context: append(dest, origin.ctx->text()); break;
        case text_piece::kind::key:
            if (const value* v = origin.ctx->find(p.text)) log_format::append_text_value(dest, *v);
            break;
        case text_piece::kind::deadline:
            if (auto ms = remaining_ms(origin)) append_decimal(dest, *ms);
            break;
        case text_piece::kind::trace_id: append(dest, origin.ctx->trace_id()); break;
        case text_piece::kind::span_id:
            if (!origin.ctx->trace_id().empty()) append_hex64(dest, origin.span);
            break;
        case text_piece::kind::service:
            log_format::append_text_string(dest, this_process().service);
            break;
        }
    }
}

void text_run::forget_if_identity_changed() {
    const void* identity = &this_process();
    if (identity == identity_seen_) return;
    for (rendering& r : cache_) r.fiber = 0;
    identity_seen_ = identity;
}

void text_run::format(const spdlog::details::log_msg&, const std::tm&,
                      spdlog::memory_buf_t& dest) {
    const std::string& piece = rendered();
    if (!padinfo_.enabled()) return append(dest, piece);
    append_padded(dest, piece, padinfo_);  // a padded flag (`%-20K`)
}

std::unique_ptr<spdlog::custom_flag_formatter> text_run::clone() const {
    auto copy = std::make_unique<text_run>(pieces_);
    copy->set_padding_info(padinfo_);
    return copy;
}

}  // namespace fiberlog::detail
