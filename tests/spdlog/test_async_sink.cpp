// async_sink: the context of the call site survives the trip to the worker thread; every
// accepted record is written exactly once, in order per fiber; overflow policies; a
// throwing sink; flush and shutdown lose nothing.

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <boost/fiber/all.hpp>
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <fiberlog/fiberlog.hpp>
#include <fiberlog/spdlog.hpp>

#include "capture_sink.hpp"
#include "support/fiber_env.hpp"

namespace fiberlog {
namespace {

using sinks::async_options;
using sinks::async_sink;
using sinks::overflow_policy;
using test::capture_sink;
using test::logger_over;

// A sink that holds the worker inside its first write until opened, so a test can fill the
// queue deterministically. Keeps the payloads it wrote.
class gate_sink final : public spdlog::sinks::base_sink<std::mutex> {
public:
    void wait_until_entered() {
        std::unique_lock<std::mutex> lock(gate_mutex_);
        cv_.wait(lock, [&] { return entered_; });
    }
    void open() {
        std::lock_guard<std::mutex> lock(gate_mutex_);
        open_ = true;
        cv_.notify_all();
    }
    std::vector<std::string> payloads() {
        std::lock_guard<std::mutex> lock(mutex_);
        return payloads_;
    }

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        {
            std::unique_lock<std::mutex> lock(gate_mutex_);
            entered_ = true;
            cv_.notify_all();
            cv_.wait(lock, [&] { return open_; });
        }
        payloads_.emplace_back(msg.payload.data(), msg.payload.size());
    }
    void flush_() override {}

private:
    std::mutex gate_mutex_;
    std::condition_variable cv_;
    bool entered_ = false;
    bool open_ = false;
    std::vector<std::string> payloads_;
};

TEST(async_sink, formats_with_the_call_sites_context) {
    auto capture = std::make_shared<capture_sink>();
    auto logger = logger_over(std::make_shared<async_sink>(capture), "%G|%K|%v");
    test::run_in_fibers(test::scheduler::round_robin, 1, [&] {
        boost::fibers::fiber([&] {
            put("request_id", "r-1");
            logger->info("in fiber");
            logger->flush();
            EXPECT_EQ(capture->lines(), std::vector<std::string>{
                                            std::to_string(fiber_id()) + "|request_id=r-1|in fiber"});
        }).join();
    });
}

// 4 threads of work-stealing fibers log 100,000 records each (on average: fibers move);
// each record's context names its fiber and sequence number, and so does its message.
TEST(async_sink, every_record_once_with_its_own_context_in_order_per_fiber) {
    constexpr int threads = 4, fibers_per_thread = 50, records_per_fiber = 2000;
    auto capture = std::make_shared<capture_sink>();
    auto logger = logger_over(std::make_shared<async_sink>(capture, async_options{1024}));
    test::run_in_fibers(test::scheduler::work_stealing, threads, [&] {
        std::vector<boost::fibers::fiber> fibers;
        for (int who = 0; who < threads * fibers_per_thread; ++who)
            fibers.emplace_back([&, who] {
                put("f", who);
                for (int i = 0; i < records_per_fiber; ++i) {
                    put("i", i);
                    logger->info("{}:{}", who, i);
                    if (i % 64 == 0) boost::this_fiber::yield();
                }
            });
        for (auto& fb : fibers) fb.join();
    });
    logger->flush();

    const auto lines = capture->lines();
    ASSERT_EQ(lines.size(), std::size_t{threads * fibers_per_thread * records_per_fiber});
    std::map<int, int> next;  // fiber -> next expected sequence number
    for (const std::string& line : lines) {
        int who = -1, seq = -1, msg_who = -1, msg_seq = -1;
        ASSERT_EQ(std::sscanf(line.c_str(), "f=%d i=%d|%d:%d", &who, &seq, &msg_who, &msg_seq), 4)
            << line;
        ASSERT_EQ(who, msg_who) << "cross-talk: " << line;
        ASSERT_EQ(seq, msg_seq) << "cross-talk: " << line;
        ASSERT_EQ(seq, next[who]++) << "out of order or duplicated: " << line;
    }
    EXPECT_EQ(next.size(), std::size_t{threads * fibers_per_thread});
}

// Fills a queue of 4 behind a worker held in its first write, then logs 10 more.
std::vector<std::string> overflow_run(overflow_policy policy, std::uint64_t& dropped) {
    auto gate = std::make_shared<gate_sink>();
    auto async = std::make_shared<async_sink>(gate, async_options{4, policy});
    auto logger = logger_over(async);
    logger->info("0");
    gate->wait_until_entered();
    for (int i = 1; i <= 10; ++i) logger->info("{}", i);
    gate->open();
    logger->flush();
    dropped = async->dropped();
    return gate->payloads();
}

TEST(async_sink, drop_newest_keeps_the_first_and_counts_the_rest) {
    std::uint64_t dropped = 0;
    const auto written = overflow_run(overflow_policy::drop_newest, dropped);
    EXPECT_EQ(written, (std::vector<std::string>{"0", "1", "2", "3", "4"}));
    EXPECT_EQ(dropped, 6u);
}

TEST(async_sink, drop_oldest_keeps_the_last_and_counts_the_rest) {
    std::uint64_t dropped = 0;
    const auto written = overflow_run(overflow_policy::drop_oldest, dropped);
    EXPECT_EQ(written, (std::vector<std::string>{"0", "7", "8", "9", "10"}));
    EXPECT_EQ(dropped, 6u);
}

// With a full queue, "block" parks the logging fiber, not the thread: another fiber on the
// same thread runs and is the one that unblocks the worker.
TEST(async_sink, block_waits_as_a_fiber_and_loses_nothing) {
    auto gate = std::make_shared<gate_sink>();
    auto async = std::make_shared<async_sink>(gate, async_options{1, overflow_policy::block});
    auto logger = logger_over(async);
    std::atomic<bool> opened_by_fiber{false};
    std::atomic<bool> finished{false};
    std::thread watchdog([&] {  // a deadlock would otherwise hang the test (60 s safety net)
        for (int i = 0; i < 1200 && !finished; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        gate->open();
    });
    test::run_in_fibers(test::scheduler::round_robin, 1, [&] {
        boost::fibers::fiber producer([&] {
            for (int i = 0; i < 5; ++i) logger->info("{}", i);
        });
        boost::fibers::fiber opener([&] {
            gate->wait_until_entered();
            boost::this_fiber::yield();  // let the producer fill the queue and block
            opened_by_fiber = true;
            gate->open();
        });
        producer.join();
        opener.join();
    });
    finished = true;
    watchdog.join();
    logger->flush();
    EXPECT_TRUE(opened_by_fiber);
    EXPECT_EQ(gate->payloads(), (std::vector<std::string>{"0", "1", "2", "3", "4"}));
    EXPECT_EQ(async->dropped(), 0u);
}

class throwing_sink final : public spdlog::sinks::base_sink<std::mutex> {
protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        if (std::string(msg.payload.data(), msg.payload.size()) == "bad")
            throw std::runtime_error("disk on fire");
    }
    void flush_() override {}
};

TEST(async_sink, a_throwing_sink_is_reported_and_the_worker_goes_on) {
    auto capture = std::make_shared<capture_sink>();
    std::vector<spdlog::sink_ptr> wrapped{std::make_shared<throwing_sink>(), capture};
    auto async = std::make_shared<async_sink>(wrapped);
    std::vector<std::string> errors;
    async->set_error_handler([&](const std::string& e) { errors.push_back(e); });
    auto logger = logger_over(async, "%v");
    logger->info("ok1");
    logger->info("bad");
    logger->info("ok2");
    logger->flush();
    EXPECT_EQ(capture->lines(), (std::vector<std::string>{"ok1", "bad", "ok2"}));
    EXPECT_EQ(async->failed(), 1u);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_NE(errors[0].find("disk on fire"), std::string::npos);
}

TEST(async_sink, shutdown_writes_everything_accepted) {
    auto capture = std::make_shared<capture_sink>();
    {
        auto logger = logger_over(std::make_shared<async_sink>(capture, async_options{8}), "%v");
        for (int i = 0; i < 1000; ++i) logger->info("{}", i);
    }  // the logger and with it the sink go away here
    const auto lines = capture->lines();
    ASSERT_EQ(lines.size(), 1000u);
    for (int i = 0; i < 1000; ++i) EXPECT_EQ(lines[static_cast<std::size_t>(i)], std::to_string(i));
}

TEST(async_sink, rejects_a_zero_queue_and_a_null_sink) {
    EXPECT_THROW(async_sink(std::make_shared<capture_sink>(), async_options{0}),
                 std::invalid_argument);
    EXPECT_THROW(async_sink(spdlog::sink_ptr{}), std::invalid_argument);
}

TEST(async_sink, keep_sink_formatters_gives_each_wrapped_sink_its_own_format) {
    auto text = std::make_shared<capture_sink>();
    auto json = std::make_shared<capture_sink>();
    text->set_formatter(pattern_formatter("%K %v"));
    json->set_formatter(json_formatter());
    async_options options;
    options.keep_sink_formatters = true;
    auto logger = std::make_shared<spdlog::logger>(
        "two", std::make_shared<async_sink>(std::vector<spdlog::sink_ptr>{text, json}, options));
    logger->set_formatter(pattern_formatter("ignored %v"));  // as install() would
    scoped s{"k", "v"};
    logger->info("m");
    logger->flush();
    EXPECT_EQ(text->lines(), std::vector<std::string>{"k=v m"});
    ASSERT_EQ(json->lines().size(), 1u);
    EXPECT_EQ(json->lines()[0].rfind("{\"ts\":", 0), 0u) << json->lines()[0];
}

TEST(async_sink, respects_the_wrapped_sinks_levels) {
    auto capture = std::make_shared<capture_sink>();
    capture->set_level(spdlog::level::warn);
    auto logger = logger_over(std::make_shared<async_sink>(capture), "%v");
    logger->info("quiet");
    logger->warn("loud");
    logger->flush();
    EXPECT_EQ(capture->lines(), std::vector<std::string>{"loud"});
}

}  // namespace
}  // namespace fiberlog
