// fiberlog::json_formatter(): one JSON object per line, written by hand into spdlog's buffer
// (no DOM, no format strings). The context's JSON comes ready-made from its snapshot.

#include <array>
#include <chrono>
#include <ctime>
#include <string>
#include <string_view>

#include <fiberlog/detail/escape.hpp>
#include <fiberlog/detail/hex.hpp>
#include <fiberlog/identity.hpp>
#include <fiberlog/spdlog.hpp>
#include <spdlog/details/os.h>

#include "record_origin.hpp"

namespace fiberlog {
namespace {

using detail::append;
using detail::append_decimal;

constexpr std::array<std::string_view, 15> builtin_fields{
    "ts",      "level",    "logger",  "fiber",          "parent", "thread",
    "service", "host",     "pid",     "trace_id",       "span_id", "parent_span_id",
    "msg",     "ctx",      "deadline_ms"};

bool needs_ctx_prefix(std::string_view key) {
    if (key.substr(0, 4) == "ctx.") return true;
    for (std::string_view f : builtin_fields)
        if (key == f) return true;
    return false;
}

// `2026-11-23T10:00:00`, rendered once per second of log time.
class second_cache {
public:
    std::string_view get(std::time_t seconds) {
        if (seconds != seconds_ || size_ == 0) {
            std::tm tm{};
            gmtime_r(&seconds, &tm);
            size_ = std::strftime(text_.data(), text_.size(), "%Y-%m-%dT%H:%M:%S", &tm);
            seconds_ = seconds;
        }
        return {text_.data(), size_};
    }

private:
    std::time_t seconds_ = 0;
    std::array<char, 32> text_{};
    std::size_t size_ = 0;
};

class json_line_formatter final : public spdlog::formatter {
public:
    explicit json_line_formatter(json_options options) : options_(options) {}

    void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
        const detail::record_origin origin = detail::current_origin();
        append(dest, "{\"ts\":\"");
        append_timestamp(msg.time, dest);
        append(dest, "\",\"level\":\"");
        const auto level = spdlog::level::to_string_view(msg.level);
        append(dest, std::string_view(level.data(), level.size()));
        append(dest, "\",\"logger\":");
        detail::append_json_string(dest, std::string_view(msg.logger_name.data(),
                                                          msg.logger_name.size()));
        append(dest, ",\"fiber\":");
        append_decimal(dest, origin.fiber);
        append(dest, ",\"parent\":");
        append_decimal(dest, origin.parent);
        append(dest, ",\"thread\":");
        append_decimal(dest, msg.thread_id);
        append(dest, identity_fields());
        append(dest, trace_fields(origin));
        append(dest, ",\"msg\":");
        detail::append_json_string(dest, std::string_view(msg.payload.data(), msg.payload.size()));
        if (auto ms = detail::remaining_ms(origin)) {
            append(dest, ",\"deadline_ms\":");
            append_decimal(dest, *ms);
        }
        if (options_.flatten_context) {
            append_flat_context(*origin.ctx, dest);
        } else {
            append(dest, ",\"ctx\":");
            append(dest, origin.ctx->json());
        }
        append(dest, "}");
        append(dest, spdlog::details::os::default_eol);
    }

    std::unique_ptr<spdlog::formatter> clone() const override {
        return std::make_unique<json_line_formatter>(options_);
    }

private:
    // `,"service":...,"host":...,"pid":N`, rendered again only when the identity changes (it
    // is set once at start-up, and a forked child gets its own pid).
    std::string_view identity_fields() {
        const process_identity& id = this_process();
        if (&id != identity_seen_) {
            identity_json_ = ",\"service\":";
            detail::append_json_string(identity_json_, id.service);
            identity_json_ += ",\"host\":";
            detail::append_json_string(identity_json_, id.host);
            identity_json_ += ",\"pid\":";
            append_decimal(identity_json_, id.pid);
            identity_seen_ = &id;
        }
        return identity_json_;
    }

    // `,"trace_id":...,"span_id":...[,"parent_span_id":...]`, or nothing outside a trace;
    // rendered again only when the snapshot or the span changes from the previous line's
    // (a fiber's lines come in runs; bench_spdlog line/fiberlog_json_traced).
    std::string_view trace_fields(const detail::record_origin& origin) {
        const std::uint64_t serial = origin.ctx->serial();
        if (serial == trace_serial_ && origin.span == trace_span_ &&
            origin.parent_span == trace_parent_span_ && serial != 0)
            return trace_json_;
        trace_json_.clear();
        const std::string_view trace_id = origin.ctx->trace_id();
        if (!trace_id.empty()) {
            trace_json_ = ",\"trace_id\":\"";
            append(trace_json_, trace_id);
            trace_json_ += "\",\"span_id\":\"";
            detail::append_hex64(trace_json_, origin.span);
            if (origin.parent_span != 0) {
                trace_json_ += "\",\"parent_span_id\":\"";
                detail::append_hex64(trace_json_, origin.parent_span);
            }
            trace_json_ += '"';
        }
        trace_serial_ = serial;
        trace_span_ = origin.span;
        trace_parent_span_ = origin.parent_span;
        return trace_json_;
    }

    void append_timestamp(spdlog::log_clock::time_point t, spdlog::memory_buf_t& dest) {
        using namespace std::chrono;
        const auto since_epoch = duration_cast<microseconds>(t.time_since_epoch()).count();
        auto seconds = static_cast<std::time_t>(since_epoch / 1000000);
        auto micros = since_epoch % 1000000;
        if (micros < 0) {  // before 1970: floor, not truncate
            micros += 1000000;
            --seconds;
        }
        append(dest, seconds_.get(seconds));
        char frac[8] = {'.', '0', '0', '0', '0', '0', '0', 'Z'};
        for (int i = 6; i >= 1; --i, micros /= 10) frac[i] = static_cast<char>('0' + micros % 10);
        dest.append(frac, frac + sizeof frac);
    }

    static void append_flat_context(const context& ctx, spdlog::memory_buf_t& dest) {
        for (const auto& [key, val] : ctx) {
            append(dest, needs_ctx_prefix(key) ? ",\"ctx." : ",\"");
            append(dest, key);  // keys hold only letters, digits, '_', '.', '-'
            append(dest, "\":");
            detail::append_json_value(dest, val);
        }
    }

    json_options options_;
    second_cache seconds_;
    const process_identity* identity_seen_ = nullptr;
    std::string identity_json_;
    std::uint64_t trace_serial_ = 0;  // 0: no snapshot has it, so nothing is cached yet
    std::uint64_t trace_span_ = 0;
    std::uint64_t trace_parent_span_ = 0;
    std::string trace_json_;
};

}  // namespace

std::unique_ptr<spdlog::formatter> json_formatter(json_options options) {
    return std::make_unique<json_line_formatter>(options);
}

}  // namespace fiberlog
