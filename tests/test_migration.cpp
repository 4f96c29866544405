// Under shared_work and work_stealing fibers move between threads; their ids and contexts
// move with them. Also: several work_stealing pools in one process.

#include <atomic>
#include <thread>
#include <vector>

#include <boost/fiber/all.hpp>
#include <gtest/gtest.h>

#include <fiberlog/fiberlog.hpp>

#include "support/fiber_env.hpp"

namespace {

using fiberlog::value;
using fiberlog::test::run_in_fibers;
using fiberlog::test::current_thread;
using fiberlog::test::scheduler;

class migration : public ::testing::TestWithParam<scheduler> {};

// 200 fibers that yield 200 times each and check their own id and values at every step.
TEST_P(migration, each_fiber_keeps_its_context_wherever_it_runs) {
    std::atomic<int> moves{0};
    run_in_fibers(GetParam(), 2, [&] {
        std::vector<boost::fibers::fiber> fibers;
        for (int i = 0; i < 200; ++i)
            fibers.emplace_back([&moves, i] {
                fiberlog::put("me", i);
                fiberlog::put("name", "fiber-" + std::to_string(i));
                const std::uint64_t id = fiberlog::fiber_id();
                long thread = current_thread();
                for (int step = 0; step < 200; ++step) {
                    boost::this_fiber::yield();
                    if (current_thread() != thread) {
                        ++moves;
                        thread = current_thread();
                    }
                    ASSERT_EQ(fiberlog::fiber_id(), id);
                    ASSERT_EQ(fiberlog::get("me"), value{std::int64_t{i}});
                    ASSERT_EQ(fiberlog::get("name"), value{"fiber-" + std::to_string(i)});
                }
            });
        for (auto& f : fibers) f.join();
    });
    // The test means something only if fibers did move.
    EXPECT_GT(moves.load(), 0);
}

INSTANTIATE_TEST_SUITE_P(schedulers, migration,
                         ::testing::Values(scheduler::shared_work, scheduler::work_stealing),
                         [](const auto& param_info) { return fiberlog::test::name(param_info.param); });

// Two independent pools of 2 work_stealing threads run at the same time; each pool's
// fibers finish and read their own context.
TEST(work_stealing, two_pools_in_one_process) {
    std::atomic<int> finished{0};
    std::vector<std::thread> pools;
    for (int pool = 0; pool < 2; ++pool)
        pools.emplace_back([&, pool] {
            run_in_fibers(scheduler::work_stealing, 2, [&] {
                fiberlog::put("pool", pool);
                std::vector<boost::fibers::fiber> fibers;
                for (int i = 0; i < 100; ++i)
                    fibers.emplace_back([&] {
                        boost::this_fiber::yield();
                        EXPECT_EQ(fiberlog::get("pool"), value{std::int64_t{pool}});
                        ++finished;
                    });
                for (auto& f : fibers) f.join();
            });
        });
    for (auto& p : pools) p.join();
    EXPECT_EQ(finished.load(), 200);
}

}  // namespace
