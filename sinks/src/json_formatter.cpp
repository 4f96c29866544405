// fiberlog::json_formatter(): one JSON object per line, written by hand into spdlog's buffer
// (no DOM, no format strings). The context's JSON comes ready-made from its snapshot. Field
// names, escapes and the flattening rule are log_format's.

#include <array>
#include <chrono>
#include <ctime>
#include <string>
#include <string_view>

#include <fiberlog/detail/hex.hpp>
#include <fiberlog/identity.hpp>
#include <fiberlog/log_format.hpp>
#include <fiberlog/spdlog.hpp>
#include <spdlog/details/os.h>

#include "record_origin.hpp"

namespace fiberlog {
namespace {

using log_format::append;
using log_format::append_decimal;
namespace field = log_format::field;

// The text between two values, e.g. `","level":"` (the quote that ends a string, a field's
// name, the quote that starts the next string), built at compile time from log_format's
// names so that a line still costs one append per field.
class joint {
public:
    constexpr joint(std::string_view before, std::string_view name, std::string_view after) {
        for (std::string_view part : {before, std::string_view("\""), name,
                                      std::string_view("\":"), after})
            for (char c : part) text_[size_++] = c;
    }
    constexpr operator std::string_view() const { return {text_, size_}; }

private:
    char text_[32] = {};
    std::size_t size_ = 0;
};

constexpr joint ts_joint{"{", field::ts, "\""};
constexpr joint level_joint{"\",", field::level, "\""};
constexpr joint logger_joint{"\",", field::logger, ""};
constexpr joint fiber_joint{",", field::fiber, ""};
constexpr joint parent_joint{",", field::parent, ""};
constexpr joint thread_joint{",", field::thread, ""};
constexpr joint service_joint{",", field::service, ""};
constexpr joint host_joint{",", field::host, ""};
constexpr joint pid_joint{",", field::pid, ""};
constexpr joint trace_id_joint{",", field::trace_id, "\""};
constexpr joint span_id_joint{"\",", field::span_id, "\""};
constexpr joint parent_span_id_joint{"\",", field::parent_span_id, "\""};
constexpr joint msg_joint{",", field::msg, ""};
constexpr joint deadline_joint{",", field::deadline_ms, ""};
constexpr joint ctx_joint{",", field::ctx, ""};

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
        append(dest, ts_joint);
        append_timestamp(msg.time, dest);
        append(dest, level_joint);
        const auto level = spdlog::level::to_string_view(msg.level);
        append(dest, std::string_view(level.data(), level.size()));
        append(dest, logger_joint);
        log_format::append_json_string(
            dest, std::string_view(msg.logger_name.data(), msg.logger_name.size()));
        append(dest, fiber_joint);
        append_decimal(dest, origin.fiber);
        append(dest, parent_joint);
        append_decimal(dest, origin.parent);
        append(dest, thread_joint);
        append_decimal(dest, msg.thread_id);
        append(dest, identity_fields());
        append(dest, trace_fields(origin));
        append(dest, msg_joint);
        log_format::append_json_string(dest,
                                       std::string_view(msg.payload.data(), msg.payload.size()));
        if (auto ms = detail::remaining_ms(origin)) {
            append(dest, deadline_joint);
            append_decimal(dest, *ms);
        }
        if (options_.flatten_context) {
            append_flat_context(*origin.ctx, dest);
        } else {
            append(dest, ctx_joint);
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
            identity_json_ = service_joint;
            log_format::append_json_string(identity_json_, id.service);
            append(identity_json_, host_joint);
            log_format::append_json_string(identity_json_, id.host);
            append(identity_json_, pid_joint);
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
            trace_json_ = trace_id_joint;
            append(trace_json_, trace_id);
            trace_json_ += span_id_joint;
            detail::append_hex64(trace_json_, origin.span);
            if (origin.parent_span != 0) {
                trace_json_ += parent_span_id_joint;
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
            append(dest, ",\"");
            if (log_format::needs_context_prefix(key)) append(dest, log_format::context_prefix);
            append(dest, key);  // a key needs no escaping (log_format::key_chars)
            append(dest, "\":");
            log_format::append_json_value(dest, val);
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
