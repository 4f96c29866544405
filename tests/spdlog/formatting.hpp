#pragma once

// Helpers for comparing formatters on one record: what a formatter writes, a record with
// every field set, and a custom flag whose padding spdlog itself applies.

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>

#include <spdlog/details/log_msg.h>
#include <spdlog/pattern_formatter.h>

namespace fiberlog::test {

// The bytes `formatter` writes for `msg`, end of line included.
inline std::string format_to_string(spdlog::formatter& formatter,
                                    const spdlog::details::log_msg& msg) {
    spdlog::memory_buf_t buf;
    formatter.format(msg, buf);
    return std::string(buf.data(), buf.size());
}

// A record with a fixed time in the past (so spdlog's elapsed-time flags all print 0), a
// source location, a logger name and a level; `payload` must outlive it.
inline spdlog::details::log_msg sample_msg(const std::string& payload, bool with_source = true) {
    using namespace std::chrono;
    const spdlog::log_clock::time_point time(
        duration_cast<spdlog::log_clock::duration>(nanoseconds(1614834367123456789)));
    const spdlog::source_loc source =
        with_source ? spdlog::source_loc{"/src/app//handler.cpp", 42, "handle"} : spdlog::source_loc{};
    return spdlog::details::log_msg(time, source, "app", spdlog::level::warn, payload);
}

// A custom flag writing `text()`, padded by spdlog itself: it formats the text as the message
// of a `%<padding>v` pattern. So a formatter using it pads as spdlog pads its own flags.
class spdlog_padded_flag final : public spdlog::custom_flag_formatter {
public:
    explicit spdlog_padded_flag(std::function<std::string()> text) : text_(std::move(text)) {}

    void format(const spdlog::details::log_msg& msg, const std::tm&,
                spdlog::memory_buf_t& dest) override {
        std::string spec = "%";
        if (padinfo_.enabled()) {
            if (padinfo_.side_ == spdlog::details::padding_info::pad_side::right) spec += '-';
            if (padinfo_.side_ == spdlog::details::padding_info::pad_side::center) spec += '=';
            spec += std::to_string(padinfo_.width_);
            if (padinfo_.truncate_) spec += '!';
        }
        spdlog::pattern_formatter padder(spec + "v", spdlog::pattern_time_type::local, "");
        const std::string text = text_();
        padder.format(spdlog::details::log_msg(msg.logger_name, msg.level, text), dest);
    }

    std::unique_ptr<spdlog::custom_flag_formatter> clone() const override {
        return std::make_unique<spdlog_padded_flag>(text_);
    }

private:
    std::function<std::string()> text_;
};

}  // namespace fiberlog::test
