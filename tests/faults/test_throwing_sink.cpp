// A wrapped sink that throws, beyond tests/spdlog/test_async_sink.cpp: on flush, with an
// exception that is not a std::exception, from two sinks at once, and into an error handler
// that throws too. The worker must go on, flush() must return, and each failure be reported.

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <fiberlog/spdlog.hpp>

#include "capture_sink.hpp"

namespace fiberlog {
namespace {

using sinks::async_sink;
using test::capture_sink;
using test::logger_over;

struct not_a_std_exception {};

// Throws on the payload "bad" (a std::runtime_error, or not_a_std_exception when `odd`),
// and on every flush when `throw_on_flush`.
class faulty_sink final : public spdlog::sinks::base_sink<std::mutex> {
public:
    explicit faulty_sink(bool odd = false, bool throw_on_flush = false)
        : odd_(odd), throw_on_flush_(throw_on_flush) {}

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        if (std::string(msg.payload.data(), msg.payload.size()) != "bad") return;
        if (odd_) throw not_a_std_exception{};
        throw std::runtime_error("write refused");
    }
    void flush_() override {
        if (throw_on_flush_) throw std::runtime_error("flush refused");
    }

private:
    bool odd_, throw_on_flush_;
};

TEST(fault_throwing_sink, a_flush_that_throws_is_reported_and_flush_returns) {
    auto capture = std::make_shared<capture_sink>();
    std::vector<std::string> errors;
    auto async = std::make_shared<async_sink>(std::vector<spdlog::sink_ptr>{
        std::make_shared<faulty_sink>(false, true), capture});
    async->set_error_handler([&](const std::string& e) { errors.push_back(e); });
    auto logger = logger_over(async, "%v");
    logger->info("a");
    logger->flush();
    logger->info("b");
    logger->flush();
    EXPECT_EQ(capture->lines(), (std::vector<std::string>{"a", "b"}));
    ASSERT_EQ(errors.size(), 2u);
    EXPECT_EQ(errors[0], "flush failed: flush refused");
    // failed() counts records a sink threw on; a failed flush is reported, not counted.
    EXPECT_EQ(async->failed(), 0u);
}

TEST(fault_throwing_sink, an_exception_of_any_type_is_reported_and_counted) {
    auto capture = std::make_shared<capture_sink>();
    std::vector<std::string> errors;
    auto async = std::make_shared<async_sink>(
        std::vector<spdlog::sink_ptr>{std::make_shared<faulty_sink>(true), capture});
    async->set_error_handler([&](const std::string& e) { errors.push_back(e); });
    auto logger = logger_over(async, "%v");
    logger->info("bad");
    logger->info("good");
    logger->flush();
    EXPECT_EQ(capture->lines(), (std::vector<std::string>{"bad", "good"}));
    EXPECT_EQ(errors, std::vector<std::string>{"unknown exception"});
    EXPECT_EQ(async->failed(), 1u);
}

TEST(fault_throwing_sink, two_sinks_failing_on_one_record_count_it_once_and_report_both) {
    std::vector<std::string> errors;
    auto async = std::make_shared<async_sink>(std::vector<spdlog::sink_ptr>{
        std::make_shared<faulty_sink>(), std::make_shared<faulty_sink>(true)});
    async->set_error_handler([&](const std::string& e) { errors.push_back(e); });
    auto logger = logger_over(async, "%v");
    logger->info("bad");
    logger->flush();
    EXPECT_EQ(errors, (std::vector<std::string>{"write refused", "unknown exception"}));
    EXPECT_EQ(async->failed(), 1u);
}

TEST(fault_throwing_sink, an_error_handler_that_throws_does_not_stop_the_worker) {
    auto capture = std::make_shared<capture_sink>();
    int calls = 0;
    auto async = std::make_shared<async_sink>(
        std::vector<spdlog::sink_ptr>{std::make_shared<faulty_sink>(), capture});
    async->set_error_handler([&](const std::string&) {
        ++calls;
        throw std::runtime_error("the handler fails too");
    });
    auto logger = logger_over(async, "%v");
    for (int i = 0; i < 3; ++i) {
        logger->info("bad");
        logger->info("{}", i);
    }
    logger->flush();
    EXPECT_EQ(capture->lines(), (std::vector<std::string>{"bad", "0", "bad", "1", "bad", "2"}));
    EXPECT_EQ(calls, 3);
    EXPECT_EQ(async->failed(), 3u);
}

}  // namespace
}  // namespace fiberlog
