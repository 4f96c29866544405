// A fiber's context is freed with the fiber: launching a million fibers that each put keys
// leaves the number of live snapshots where it was.

#include <atomic>
#include <chrono>

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

}  // namespace
