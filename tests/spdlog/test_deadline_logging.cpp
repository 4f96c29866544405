// The remaining time to the context's deadline in log lines: %Q and JSON's deadline_ms,
// measured where the line was logged, also through the async sink.

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <fiberlog/fiberlog.hpp>
#include <fiberlog/spdlog.hpp>

#include "capture_sink.hpp"

namespace fiberlog {
namespace {

using namespace std::chrono_literals;
using clock = std::chrono::steady_clock;

// When a line was logged: between these two moments.
struct logged_between {
    clock::time_point before, after;
};

std::shared_ptr<test::capture_sink> log_once(std::unique_ptr<spdlog::formatter> formatter,
                                             logged_between* when = nullptr) {
    auto sink = std::make_shared<test::capture_sink>();
    spdlog::logger logger("d", sink);
    logger.set_formatter(std::move(formatter));
    const auto before = clock::now();
    logger.info("m");
    if (when != nullptr) *when = {before, clock::now()};
    return sink;
}

// A line logged within `when` shows the whole milliseconds left at some moment of it, however
// long the machine took to get there.
void expect_left_when_logged(long shown, const logged_between& when) {
    const auto left = [](clock::time_point at) {
        return std::chrono::duration_cast<std::chrono::milliseconds>(*fiberlog::deadline() - at)
            .count();
    };
    EXPECT_LE(shown, left(when.before));
    EXPECT_GE(shown, left(when.after));
}

TEST(deadline_logging, pattern_flag_prints_milliseconds_left_or_nothing) {
    EXPECT_EQ(log_once(pattern_formatter("[%Q]"))->lines().at(0), "[]");
    deadline_scope d{10s};
    logged_between when;
    const long ms = std::stol(log_once(pattern_formatter("%Q"), &when)->lines().at(0));
    expect_left_when_logged(ms, when);
}

TEST(deadline_logging, a_passed_deadline_prints_zero) {
    deadline_scope d{std::chrono::steady_clock::now() - 1s};
    EXPECT_EQ(log_once(pattern_formatter("%Q"))->lines().at(0), "0");
}

TEST(deadline_logging, json_has_deadline_ms_only_with_a_deadline) {
    auto without = nlohmann::json::parse(log_once(json_formatter())->lines().at(0));
    EXPECT_FALSE(without.contains("deadline_ms"));
    deadline_scope d{10s};
    logged_between when;
    auto with = nlohmann::json::parse(log_once(json_formatter(), &when)->lines().at(0));
    ASSERT_TRUE(with["deadline_ms"].is_number_integer());
    expect_left_when_logged(with["deadline_ms"].get<long>(), when);
}

// A sink that is slow to write its first record, so the worker formats late.
class slow_sink final : public spdlog::sinks::base_sink<std::mutex> {
public:
    std::vector<std::string> lines;

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        if (lines.empty()) std::this_thread::sleep_for(1500ms);
        spdlog::memory_buf_t buf;
        formatter_->format(msg, buf);
        lines.emplace_back(buf.data(), buf.size());
    }
    void flush_() override {}
};

TEST(deadline_logging, async_lines_measure_at_the_call_site) {
    auto slow = std::make_shared<slow_sink>();
    auto logger = std::make_shared<spdlog::logger>("d", std::make_shared<sinks::async_sink>(slow));
    logger->set_formatter(pattern_formatter("%Q"));
    deadline_scope d{10s};
    logger->info("first");   // the worker sleeps 1.5 s writing this one
    const auto before = clock::now();
    logger->info("second");  // logged now, formatted 1.5 s later
    const logged_between second{before, clock::now()};
    logger->flush();
    ASSERT_EQ(slow->lines.size(), 2u);
    expect_left_when_logged(std::stol(slow->lines[1]), second);  // not when it was formatted
}

}  // namespace
}  // namespace fiberlog
