// Ids: non-zero, unique across threads and fibers, never reused, present on plain threads.

#include <algorithm>
#include <set>
#include <thread>
#include <vector>

#include <boost/fiber/all.hpp>
#include <gtest/gtest.h>

#include <fiberlog/fiberlog.hpp>

#include "support/fiber_env.hpp"
#include "support/volume.hpp"

namespace {

using fiberlog::test::run_in_fibers;
using fiberlog::test::scheduler;

TEST(ids, a_plain_thread_has_a_stable_root_id) {
    std::uint64_t first = 0, again = 0, parent = 1, other = 0;
    std::thread([&] {
        first = fiberlog::fiber_id();
        again = fiberlog::fiber_id();
        parent = fiberlog::parent_id();
    }).join();
    std::thread([&] { other = fiberlog::fiber_id(); }).join();
    EXPECT_NE(first, 0u);
    EXPECT_EQ(first, again);
    EXPECT_EQ(parent, 0u);
    EXPECT_NE(first, other);
}

TEST(ids, the_main_context_keeps_its_thread_id_when_a_scheduler_is_installed) {
    std::thread([] {
        fiberlog::put("k", "v");
        const std::uint64_t before = fiberlog::fiber_id();
        boost::fibers::use_scheduling_algorithm<fiberlog::algo::round_robin>();
        EXPECT_EQ(fiberlog::fiber_id(), before);
        EXPECT_EQ(fiberlog::get("k"), fiberlog::value{"v"});
        boost::this_fiber::yield();
        EXPECT_EQ(fiberlog::fiber_id(), before);
    }).join();
}

// 2 threads x 100,000 fibers: every id is distinct and non-zero (ids come from per-thread
// blocks of a shared counter, so the two threads interleave blocks).
TEST(ids, unique_across_two_threads_of_100k_fibers) {
    constexpr int per_thread = fiberlog::test::volume(100000);
    std::vector<std::vector<std::uint64_t>> seen(2);
    std::vector<std::thread> threads;
    for (int t = 0; t < 2; ++t)
        threads.emplace_back([&, t] {
            run_in_fibers(scheduler::round_robin, 1, [&] {
                auto& ids = seen[static_cast<std::size_t>(t)];
                ids.reserve(per_thread);
                for (int i = 0; i < per_thread; ++i)
                    boost::fibers::fiber([&ids] { ids.push_back(fiberlog::fiber_id()); }).join();
            });
        });
    for (auto& t : threads) t.join();
    std::set<std::uint64_t> all(seen[0].begin(), seen[0].end());
    all.insert(seen[1].begin(), seen[1].end());
    EXPECT_EQ(all.size(), 2u * per_thread);
    EXPECT_EQ(all.count(0), 0u);
}

TEST(ids, a_finished_fibers_id_is_not_given_again) {
    run_in_fibers(scheduler::round_robin, 1, [] {
        std::uint64_t first = 0, second = 0;
        boost::fibers::fiber([&] { first = fiberlog::fiber_id(); }).join();
        boost::fibers::fiber([&] { second = fiberlog::fiber_id(); }).join();
        EXPECT_GT(second, first);
    });
}

}  // namespace
