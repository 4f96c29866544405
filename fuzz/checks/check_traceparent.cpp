// The traceparent parser against a second reading of the specification, written here from
// Trace Context Level 1's text: any bytes in, never an exception, a well-formed traceparent
// out, the incoming ids kept exactly when the header is valid, rejections counted.

#include <fiberlog/fiberlog.hpp>
#include <string>
#include <string_view>

#include "checks.hpp"

namespace fiberlog::fuzz {
namespace {

bool lower_hex(std::string_view s) {
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

bool all_zero(std::string_view s) { return s.find_first_not_of('0') == std::string_view::npos; }

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// "version-trace_id-parent_id-flags", version 00 exactly so, a higher one (not ff) with
// anything after a '-'; lowercase hex; ids not all zero.
bool valid(std::string_view s) {
    if (s.size() < 55 || s[2] != '-' || s[35] != '-' || s[52] != '-') return false;
    const std::string_view version = s.substr(0, 2);
    if (!lower_hex(version) || version == "ff") return false;
    if (version == "00" ? s.size() != 55 : s.size() > 55 && s[55] != '-') return false;
    const std::string_view trace = s.substr(3, 32), parent = s.substr(36, 16);
    return lower_hex(trace) && lower_hex(parent) && lower_hex(s.substr(53, 2)) &&
           !all_zero(trace) && !all_zero(parent);
}

bool well_formed(const std::string& tp) {
    return tp.size() == 55 && tp.compare(0, 3, "00-") == 0 && tp[35] == '-' && tp[52] == '-' &&
           tp[53] == '0' && (tp[54] == '0' || tp[54] == '1') && valid(tp);
}

}  // namespace

std::string check_traceparent(const std::uint8_t* data, std::size_t size) {
    const std::string input(reinterpret_cast<const char*>(data), size);
    const std::string_view s = trimmed(input);
    const auto before = rejected_headers();
    std::string out, trace, state;
    std::uint64_t parent = 0, span = 0;
    try {
        trace_scope scope{input, "vendor=1"};
        out = traceparent();
        trace = trace_id();
        state = tracestate();
        parent = current_origin().parent_span;
        span = current_origin().span;
    } catch (const std::exception& e) {
        return std::string("trace_scope threw: ") + e.what();
    }
    if (!well_formed(out)) return "traceparent() is malformed: " + out;
    if (out.substr(3, 32) != trace || span == 0) return "traceparent() does not name the trace";
    const auto after = rejected_headers();
    if (valid(s)) {
        if (trace != s.substr(3, 32)) return "a valid trace id was not adopted: " + input;
        if (parent != std::stoull(std::string(s.substr(36, 16)), nullptr, 16))
            return "the caller's span is not the parent: " + input;
        const bool sampled = (std::stoul(std::string(s.substr(53, 2)), nullptr, 16) & 1) != 0;
        if (out[54] != (sampled ? '1' : '0')) return "the sampled flag was not kept: " + input;
        if (state != "vendor=1") return "the tracestate of a valid traceparent was lost";
        if (after.traceparent != before.traceparent) return "a valid traceparent was counted";
    } else {
        if (parent != 0 || state != "") return "an invalid traceparent was adopted: " + input;
        if (after.traceparent != before.traceparent + (s.empty() ? 0 : 1))
            return "an invalid traceparent was not counted once: " + input;
        if (after.tracestate != before.tracestate + 1)
            return "the dropped tracestate was not counted";
    }
    // What we send reads back as the same trace, with our span as the parent.
    trace_scope again{out};
    if (trace_id() != trace || current_origin().parent_span != span)
        return "traceparent() does not read back: " + out;
    return {};
}

}  // namespace fiberlog::fuzz
