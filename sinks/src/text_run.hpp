#pragma once

// One spdlog flag formatter for a run of fiberlog flags and the literal text between them,
// e.g. `] [%G/%J] {%K} `: spdlog calls one virtual function for the whole run instead of
// one per flag and literal, and the context's text comes ready-made from its snapshot.
// This is what keeps an annotated line within a few percent of a plain one.

#include <memory>
#include <string>
#include <vector>

#include <spdlog/pattern_formatter.h>

namespace fiberlog::detail {

struct text_piece {
    enum class kind { literal, fiber, parent, context, key };
    kind what;
    std::string text;  // the literal, or the key of a `key` piece
};

class text_run final : public spdlog::custom_flag_formatter {
public:
    explicit text_run(std::vector<text_piece> pieces) : pieces_(std::move(pieces)) {}

    void format(const spdlog::details::log_msg& msg, const std::tm& tm,
                spdlog::memory_buf_t& dest) override;
    std::unique_ptr<spdlog::custom_flag_formatter> clone() const override;

private:
    void render(spdlog::memory_buf_t& dest) const;

    std::vector<text_piece> pieces_;
};

}  // namespace fiberlog::detail
