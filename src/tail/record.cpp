#include "record.hpp"

#include <array>

namespace fiberlog::tail {

namespace {

constexpr std::array<std::string_view, 6> level_names{"trace",   "debug", "info",
                                                      "warning", "error", "critical"};

}  // namespace

bool parse_level(std::string_view name, level& out) noexcept {
    for (std::size_t i = 0; i < level_names.size(); ++i) {
        if (name == level_names[i]) {
            out = static_cast<level>(i);
            return true;
        }
    }
    if (name == "warn") {
        out = level::warning;
        return true;
    }
    if (name == "err") {
        out = level::error;
        return true;
    }
    return false;
}

std::string_view level_name(level l) noexcept { return level_names[static_cast<std::size_t>(l)]; }

void record::reset(line_format f) noexcept {
    format = f;
    ts_us = 0;
    lvl = level::info;
    fiber = parent = thread = 0;
    logger = msg = deadline_ms = {};
    service = host = trace_id = span_id = parent_span_id = {};
    pid.reset();
    ctx.clear();
}

const ctx_field* record::find(std::string_view key) const noexcept {
    for (const ctx_field& field : ctx) {
        if (field.key == key) return &field;
    }
    return nullptr;
}

}  // namespace fiberlog::tail
