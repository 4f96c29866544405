// A fiber's context is freed with the fiber: launching a million fibers that each put keys
// leaves the number of live snapshots where it was. The memory of fibers' properties is
// given back when their threads exit, also by a thread that only freed some.

#include <atomic>
#include <chrono>
#include <vector>
#include <thread>

#include <boost/fiber/all.hpp>
#include <gtest/gtest.h>

#include <fiberlog/fiberlog.hpp>

#include "support/fiber_env.hpp"
#include "support/volume.hpp"

namespace {

using fiberlog::test::run_in_fibers;
using fiberlog::test::scheduler;

TEST(lifetime, a_million_fibers_with_context_leave_no_snapshot_behind) {
    run_in_fibers(scheduler::round_robin, 1, [] {
        fiberlog::put("request_id", "r-1");  // inherited by every fiber below
        const std::size_t before = fiberlog::live_snapshots();
        std::size_t highest = before;
        for (int i = 0; i < fiberlog::test::volume(1000000); ++i) {
            boost::fibers::fiber([i] {
                fiberlog::put("i", i);
                fiberlog::scoped s{"step", "work"};
            }).join();
            if (i % 1000 == 0) highest = std::max(highest, fiberlog::live_snapshots());
        }
        EXPECT_EQ(fiberlog::live_snapshots(), before);
        EXPECT_LE(highest, before + 2) << "snapshots pile up while fibers run";
    });
}

TEST(lifetime, detached_fibers_free_their_context_when_they_end) {
    run_in_fibers(scheduler::work_stealing, 2, [] {
        const std::size_t before = fiberlog::live_snapshots();
        boost::fibers::barrier all_done(2);
        std::atomic<int> left{1000};
        for (int i = 0; i < 1000; ++i)
            boost::fibers::fiber([&, i] {
                fiberlog::put("i", i);
                boost::this_fiber::yield();
                if (--left == 0) all_done.wait();
            }).detach();
        all_done.wait();
        // The last fiber may still be unwinding on the other thread, whose dispatcher frees
        // it: wait for that thread, however long the OS takes to run it (bounded).
        const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (fiberlog::live_snapshots() != before && std::chrono::steady_clock::now() < give_up)
            boost::this_fiber::sleep_for(std::chrono::milliseconds(1));
        EXPECT_EQ(fiberlog::live_snapshots(), before);
    });
}

TEST(lifetime, threads_give_back_every_properties_block_when_they_exit) {
    const std::size_t before = fiberlog::properties_blocks();
    run_in_fibers(scheduler::work_stealing, 2, [] {
        std::vector<boost::fibers::fiber> fibers;
        for (int i = 0; i < 1000; ++i) fibers.emplace_back([] { boost::this_fiber::yield(); });
        EXPECT_GE(fiberlog::properties_blocks(), 1000u);
        for (auto& f : fibers) f.join();
    });
    EXPECT_EQ(fiberlog::properties_blocks(), before);
}

// A thread that never used fiberlog may still free a fiber's properties: it does when it holds
// the last reference to a fiber that ended elsewhere. Such a thread once kept the block on a
// free list that nothing freed when it exited.
TEST(lifetime, a_thread_that_only_frees_properties_keeps_none) {
    const std::size_t before = fiberlog::properties_blocks();
    std::thread owner([] {
        boost::fibers::use_scheduling_algorithm<fiberlog::algo::round_robin>();
        bool ran = false;
        boost::fibers::fiber f{[&] { ran = true; }};
        while (!ran) boost::this_fiber::yield();  // f ended: it ran no further than that store
        // round_robin's dispatcher is queued ahead of us: it frees f's scheduler reference.
        boost::this_fiber::yield();
        std::thread joiner([&] { f.join(); });  // drops the last reference on a plain thread
        joiner.join();
    });
    owner.join();
    EXPECT_EQ(fiberlog::properties_blocks(), before);
}

}  // namespace
