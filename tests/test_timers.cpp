// Timed waits wake up while other fibers keep the ready queues full. Boost runs a thread's
// sleepers (and its wake-ups from other threads) only from its dispatcher; Boost's shared_work
// picks the dispatcher only when the shared queue is empty, so fibers that keep yielding kept
// every sleep and every deadline wait from ending. fiberlog's schedulers run the dispatcher in
// its turn. Each case ends on events: the busy fibers yield until the waits ended; a wide
// deadline only stops a scheduler that never wakes them, so that the test fails instead of
// hanging.

#include <atomic>
#include <chrono>
#include <functional>
#include <thread>
#include <vector>

#include <boost/fiber/all.hpp>
#include <gtest/gtest.h>

#include <fiberlog/fiberlog.hpp>

#include "support/fiber_env.hpp"

namespace {

using namespace std::chrono_literals;
using fiberlog::wait_status;
using fiberlog::test::scheduler;

struct timer_case {
    scheduler sched;
    unsigned threads;
};

class timers : public ::testing::TestWithParam<timer_case> {
protected:
    // Runs `waits` (each returns once its timed wait ended) among 4 fibers per thread that
    // yield until every wait ended; fails if the busy fibers had to give up.
    void run_among_busy_fibers(std::vector<std::function<void()>> waits) {
        fiberlog::test::run_in_fibers(GetParam().sched, GetParam().threads, [&] {
            std::atomic<std::size_t> ended{0};
            std::atomic<bool> gave_up{false};
            const auto safety_net = std::chrono::steady_clock::now() + 60s;
            std::vector<boost::fibers::fiber> fibers;
            for (unsigned i = 0; i < 4 * GetParam().threads; ++i)
                fibers.emplace_back([&] {
                    while (ended.load() < waits.size()) {
                        if (std::chrono::steady_clock::now() > safety_net) {
                            gave_up = true;
                            return;
                        }
                        boost::this_fiber::yield();
                    }
                });
            for (auto& wait : waits)
                fibers.emplace_back([&] {
                    wait();
                    ++ended;
                });
            for (auto& f : fibers) f.join();
            EXPECT_FALSE(gave_up.load()) << "a timed wait never woke while fibers were ready";
            EXPECT_EQ(ended.load(), waits.size());
        });
    }
};

TEST_P(timers, sleeps_end_while_fibers_keep_yielding) {
    wait_status slept = wait_status::ready;
    run_among_busy_fibers({
        [&] { slept = fiberlog::sleep_for(1ms); },
        [] { boost::this_fiber::sleep_for(1ms); },  // Boost's own sleep: the same sleep queue
    });
    EXPECT_EQ(slept, wait_status::timeout);
}

TEST_P(timers, deadlines_end_waits_while_fibers_keep_yielding) {
    wait_status on_condition = wait_status::ready, on_sleep = wait_status::ready;
    run_among_busy_fibers({
        [&] {
            fiberlog::deadline_scope deadline{1ms};
            boost::fibers::mutex mtx;
            boost::fibers::condition_variable_any cv;
            std::unique_lock<boost::fibers::mutex> lk{mtx};
            on_condition = fiberlog::wait(cv, lk, [] { return false; });
        },
        [&] {
            fiberlog::deadline_scope deadline{1ms};
            on_sleep = fiberlog::sleep_for(1h);
        },
    });
    EXPECT_EQ(on_condition, wait_status::deadline_exceeded);
    EXPECT_EQ(on_sleep, wait_status::deadline_exceeded);
}

// The main context too waits in its turn: it joins the fibers above while they yield, and a
// fiber woken from another thread is resumed (both go through the dispatcher or the thread's
// own queue).
TEST_P(timers, a_wake_up_from_another_thread_arrives_while_fibers_keep_yielding) {
    run_among_busy_fibers({[] {
        boost::fibers::promise<void> done;
        auto f = done.get_future();
        std::thread other([&] { done.set_value(); });
        f.wait();
        other.join();
    }});
}

INSTANTIATE_TEST_SUITE_P(schedulers, timers,
                         ::testing::Values(timer_case{scheduler::round_robin, 1},
                                           timer_case{scheduler::shared_work, 2},
                                           timer_case{scheduler::work_stealing, 2}),
                         [](const auto& tc) { return fiberlog::test::name(tc.param.sched); });

}  // namespace
