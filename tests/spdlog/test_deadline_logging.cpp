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

std::shared_ptr<test::capture_sink> log_once(std::unique_ptr<spdlog::formatter> formatter) {
    auto sink = std::make_shared<test::capture_sink>();
    spdlog::logger logger("d", sink);
    logger.set_formatter(std::move(formatter));
    logger.info("m");
    return sink;
}

TEST(deadline_logging, pattern_flag_prints_milliseconds_left_or_nothing) {
    EXPECT_EQ(log_once(pattern_formatter("[%Q]"))->lines().at(0), "[]");
    deadline_scope d{10s};
    const long ms = std::stol(log_once(pattern_formatter("%Q"))->lines().at(0));
    EXPECT_GT(ms, 9000);
    EXPECT_LE(ms, 10000);
}

TEST(deadline_logging, a_passed_deadline_prints_zero) {
    deadline_scope d{std::chrono::steady_clock::now() - 1s};
    EXPECT_EQ(log_once(pattern_formatter("%Q"))->lines().at(0), "0");
}

TEST(deadline_logging, json_has_deadline_ms_only_with_a_deadline) {
    auto without = nlohmann::json::parse(log_once(json_formatter())->lines().at(0));
    EXPECT_FALSE(without.contains("deadline_ms"));
    deadline_scope d{10s};
    auto with = nlohmann::json::parse(log_once(json_formatter())->lines().at(0));
    ASSERT_TRUE(with["deadline_ms"].is_number_integer());
    EXPECT_GT(with["deadline_ms"].get<long>(), 9000);
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
    logger->info("second");  // logged now, formatted 1.5 s later
    logger->flush();
    ASSERT_EQ(slow->lines.size(), 2u);
    EXPECT_GT(std::stol(slow->lines[1]), 9000) << "measured when formatted, not when logged";
}

}  // namespace
}  // namespace fiberlog
