#include "record.hpp"

namespace fiberlog::tail {

bool parse_level(std::string_view name, level& out) noexcept {
    for (std::size_t i = 0; i < log_format::level_names.size(); ++i) {
        if (name == log_format::level_names[i]) {
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

std::string_view level_name(level l) noexcept {
    return log_format::level_names[static_cast<std::size_t>(l)];
}

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

bool operator==(const ctx_field& a, const ctx_field& b) noexcept {
    return a.key == b.key && a.text == b.text && a.kind == b.kind;
}

bool operator==(const record& a, const record& b) noexcept {
    return a.format == b.format && a.ts_us == b.ts_us && a.lvl == b.lvl && a.fiber == b.fiber &&
           a.parent == b.parent && a.thread == b.thread && a.logger == b.logger && a.msg == b.msg &&
           a.deadline_ms == b.deadline_ms && a.service == b.service && a.host == b.host &&
           a.pid == b.pid && a.trace_id == b.trace_id && a.span_id == b.span_id &&
           a.parent_span_id == b.parent_span_id && a.ctx == b.ctx;
}

const ctx_field* record::find(std::string_view key) const noexcept {
    for (const ctx_field& field : ctx) {
        if (field.key == key) return &field;
    }
    return nullptr;
}

}  // namespace fiberlog::tail
