// An exhausted async queue, beyond the single-producer overflow tests of test_async_sink:
// many producers at once, plain threads and fibers, flush() racing with overflow. Every
// record is delivered exactly once or counted in dropped(); block drops nothing.

#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
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

// Lines are "<producer>:<seq>"; checks each appears at most once and in order per producer,
// and returns how many there were.
std::size_t check_once_in_order(const std::vector<std::string>& lines, bool gapless) {
    std::map<int, int> next;
    for (const auto& line : lines) {
        int who = -1, seq = -1;
        EXPECT_EQ(std::sscanf(line.c_str(), "%d:%d", &who, &seq), 2) << line;
        if (gapless)
            EXPECT_EQ(seq, next[who]) << "lost, duplicated or reordered: " << line;
        else
            EXPECT_GE(seq, next[who]) << "duplicated or reordered: " << line;
        next[who] = seq + 1;
    }
    return lines.size();
}

TEST(fault_queue_exhaustion, block_from_plain_threads_loses_nothing) {
    constexpr int threads = 4, per_thread = 2000;
    auto capture = std::make_shared<capture_sink>();
    auto async = std::make_shared<async_sink>(capture, async_options{2, overflow_policy::block});
    auto logger = logger_over(async, "%v");
    std::vector<std::thread> producers;
    for (int t = 0; t < threads; ++t)
        producers.emplace_back([&, t] {
            for (int i = 0; i < per_thread; ++i) logger->info("{}:{}", t, i);
        });
    for (auto& p : producers) p.join();
    logger->flush();
    EXPECT_EQ(check_once_in_order(capture->lines(), true), std::size_t{threads * per_thread});
    EXPECT_EQ(async->dropped(), 0u);
}

class exhaustion : public ::testing::TestWithParam<overflow_policy> {};

// 200 fibers on 2 work-stealing threads and 2 plain threads log into a queue of 4 while a
// fiber keeps calling flush(). flush() must keep returning, and at the end
// delivered + dropped() == logged, each delivered record once and in order.
TEST_P(exhaustion, every_record_is_delivered_once_or_counted_dropped) {
    constexpr int fibers = 200, per_fiber = 200, threads = 2, per_thread = 5000;
    auto capture = std::make_shared<capture_sink>();
    auto async = std::make_shared<async_sink>(capture, async_options{4, GetParam()});
    auto logger = logger_over(async, "%v");
    std::atomic<bool> producing{true};
    std::atomic<int> flushes{0};
    std::vector<std::thread> plain;
    for (int t = 0; t < threads; ++t)
        plain.emplace_back([&, t] {
            for (int i = 0; i < per_thread; ++i) logger->info("{}:{}", fibers + t, i);
        });
    test::run_in_fibers(test::scheduler::work_stealing, 2, [&] {
        boost::fibers::fiber flusher([&] {
            while (producing) {
                logger->flush();
                ++flushes;
                boost::this_fiber::yield();
            }
        });
        std::vector<boost::fibers::fiber> producers;
        for (int f = 0; f < fibers; ++f)
            producers.emplace_back([&, f] {
                for (int i = 0; i < per_fiber; ++i) {
                    logger->info("{}:{}", f, i);
                    if (i % 16 == 0) boost::this_fiber::yield();
                }
            });
        for (auto& p : producers) p.join();
        producing = false;
        flusher.join();
    });
    for (auto& p : plain) p.join();
    logger->flush();

    const bool block = GetParam() == overflow_policy::block;
    const std::size_t delivered = check_once_in_order(capture->lines(), block);
    const std::uint64_t logged = fibers * per_fiber + threads * per_thread;
    EXPECT_EQ(delivered + async->dropped(), logged);
    if (block) {
        EXPECT_EQ(async->dropped(), 0u);
    }
    EXPECT_GE(flushes.load(), 1);
    std::printf("[ info ] %s: logged %llu, delivered %zu, dropped %llu, %d flushes\n",
                block ? "block" : "drop", static_cast<unsigned long long>(logged), delivered,
                static_cast<unsigned long long>(async->dropped()), flushes.load());
}

INSTANTIATE_TEST_SUITE_P(policies, exhaustion,
                         ::testing::Values(overflow_policy::block, overflow_policy::drop_newest,
                                           overflow_policy::drop_oldest),
                         [](const auto& param_info) {
                             switch (param_info.param) {
                             case overflow_policy::block: return std::string("block");
                             case overflow_policy::drop_newest: return std::string("drop_newest");
                             default: return std::string("drop_oldest");
                             }
                         });

}  // namespace
}  // namespace fiberlog
