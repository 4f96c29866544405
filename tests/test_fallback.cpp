// Without fiberlog's scheduler the API works per thread and never crashes: on a thread that
// runs Boost's own scheduler, and on a thread that never uses fibers. Also launch_with(),
// the opt-out from inheritance.

#include <thread>

#include <boost/fiber/all.hpp>
#include <gtest/gtest.h>

#include <fiberlog/fiberlog.hpp>

#include "support/fiber_env.hpp"

namespace {

using fiberlog::value;

TEST(fallback, a_thread_without_fibers_has_its_own_context) {
    std::thread([] {
        fiberlog::put("k", "v");
        {
            fiberlog::scoped s{"k", "inner"};
            EXPECT_EQ(fiberlog::get("k"), value{"inner"});
        }
        EXPECT_EQ(fiberlog::get("k"), value{"v"});
        std::thread([] { EXPECT_FALSE(fiberlog::get("k")); }).join();  // not inherited
        EXPECT_TRUE(fiberlog::remove("k"));
        EXPECT_TRUE(fiberlog::snapshot().empty());
    }).join();
}

TEST(fallback, under_boosts_scheduler_the_context_is_the_threads) {
    std::thread([] {
        boost::fibers::use_scheduling_algorithm<boost::fibers::algo::round_robin>();
        fiberlog::put("k", "v");
        const std::uint64_t thread_id = fiberlog::fiber_id();
        boost::fibers::fiber([&] {
            // One state per thread: the fiber shares the thread's id and context.
            EXPECT_EQ(fiberlog::fiber_id(), thread_id);
            EXPECT_EQ(fiberlog::parent_id(), 0u);
            EXPECT_EQ(fiberlog::get("k"), value{"v"});
            boost::this_fiber::yield();
            EXPECT_EQ(fiberlog::get("k"), value{"v"});
        }).join();
    }).join();
}

class launch_with : public ::testing::TestWithParam<boost::fibers::launch> {};

TEST_P(launch_with, an_empty_context_opts_out_of_inheritance) {
    fiberlog::test::run_in_fibers(fiberlog::test::scheduler::round_robin, 1, [] {
        fiberlog::put("request_id", "r-1");
        const std::uint64_t me = fiberlog::fiber_id();
        fiberlog::launch_with(GetParam(), fiberlog::context{}, [me] {
            EXPECT_TRUE(fiberlog::snapshot().empty());
            EXPECT_EQ(fiberlog::parent_id(), me);
        }).join();
        EXPECT_EQ(fiberlog::get("request_id"), value{"r-1"});
    });
}

TEST_P(launch_with, a_chosen_snapshot) {
    fiberlog::test::run_in_fibers(fiberlog::test::scheduler::round_robin, 1, [] {
        const fiberlog::context chosen = fiberlog::context{}.with("job", "flush");
        fiberlog::put("request_id", "r-1");
        fiberlog::launch_with(GetParam(), chosen, [&] {
            EXPECT_EQ(fiberlog::snapshot(), chosen);
            boost::this_fiber::yield();
            EXPECT_EQ(fiberlog::get("job"), value{"flush"});
        }).join();
        EXPECT_FALSE(fiberlog::get("job"));
    });
}

INSTANTIATE_TEST_SUITE_P(policies, launch_with,
                         ::testing::Values(boost::fibers::launch::post,
                                           boost::fibers::launch::dispatch),
                         [](const auto& param_info) { return fiberlog::test::name(param_info.param); });

}  // namespace
