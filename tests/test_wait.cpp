// Waits that end early: sleep_for/sleep_until and waits on a condition_variable_any or a
// shared_future, woken by a cancel (from a fiber on another thread, from a plain thread)
// or by the deadline, on one and two threads; and 10,000 sleepers woken by one cancel.

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include <boost/fiber/all.hpp>
#include <gtest/gtest.h>

#include <fiberlog/fiberlog.hpp>

#include "support/fiber_env.hpp"
#include "support/volume.hpp"

namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;
using fiberlog::wait_status;
using fiberlog::test::scheduler;

// A wait that would last a minute must end within this when woken: half of it, so that a slow
// (sanitized, busy) machine cannot pass for one that missed the wake-up.
constexpr auto prompt = 30s;

struct wait_case {
    scheduler sched;
    unsigned threads;
};

std::string case_name(const wait_case& c) {
    return fiberlog::test::name(c.sched) + "_" + std::to_string(c.threads) + "threads";
}

// Lets GoogleTest print a case by name.
[[maybe_unused]] void PrintTo(const wait_case& c, std::ostream* os) { *os << case_name(c); }

class waits : public ::testing::TestWithParam<wait_case> {
protected:
    void run(const std::function<void()>& body) {
        const auto nodes = fiberlog::live_cancel_nodes();
        fiberlog::test::run_in_fibers(GetParam().sched, GetParam().threads, body);
        EXPECT_EQ(fiberlog::live_cancel_nodes(), nodes);
    }
};

// Runs `wait` in a fiber under a fresh cancel_scope, cancels the scope from another fiber
// once the waiter is about to wait, and returns what the wait returned and how long it took.
template <class Wait>
std::pair<wait_status, clock_type::duration> cancelled_wait(Wait wait) {
    fiberlog::cancel_scope scope;
    std::atomic<bool> waiting{false};
    wait_status status = wait_status::ready;
    auto start = clock_type::now();
    boost::fibers::fiber waiter{[&] {
        waiting = true;
        status = wait();
    }};
    boost::fibers::fiber canceller{[&] {
        while (!waiting) boost::this_fiber::yield();
        boost::this_fiber::sleep_for(5ms);  // most likely asleep by now; correct either way
        scope.cancel();
    }};
    canceller.join();
    waiter.join();
    return {status, clock_type::now() - start};
}

TEST_P(waits, a_sleep_runs_its_course_when_nothing_happens) {
    run([] {
        EXPECT_EQ(fiberlog::sleep_for(1ms), wait_status::timeout);
        fiberlog::cancel_scope scope;
        fiberlog::deadline_scope far{1h};
        EXPECT_EQ(fiberlog::sleep_until(clock_type::now() + 1ms), wait_status::timeout);
    });
}

TEST_P(waits, a_sleep_is_woken_by_a_cancel) {
    run([] {
        auto [status, took] = cancelled_wait([] { return fiberlog::sleep_for(60s); });
        EXPECT_EQ(status, wait_status::cancelled);
        EXPECT_LT(took, prompt);
    });
}

TEST_P(waits, a_sleep_ends_at_the_deadline) {
    run([] {
        fiberlog::deadline_scope scope{20ms};
        wait_status status = wait_status::ready;
        const auto start = clock_type::now();
        boost::fibers::fiber{[&] { status = fiberlog::sleep_for(60s); }}.join();
        EXPECT_EQ(status, wait_status::deadline_exceeded);
        EXPECT_LT(clock_type::now() - start, prompt);
        EXPECT_EQ(fiberlog::sleep_for(1ms), wait_status::deadline_exceeded);  // at once
    });
}

TEST_P(waits, a_cancelled_context_does_not_sleep_at_all) {
    run([] {
        fiberlog::cancel_scope scope;
        scope.cancel();
        const auto start = clock_type::now();
        EXPECT_EQ(fiberlog::sleep_for(60s), wait_status::cancelled);
        EXPECT_LT(clock_type::now() - start, prompt);
    });
}

TEST_P(waits, a_sleep_is_woken_by_a_cancel_from_a_plain_thread) {
    run([] {
        fiberlog::cancel_scope scope;
        std::atomic<bool> waiting{false};
        std::thread canceller([&] {
            while (!waiting) std::this_thread::yield();
            std::this_thread::sleep_for(5ms);
            scope.cancel();
        });
        const auto start = clock_type::now();
        waiting = true;
        EXPECT_EQ(fiberlog::sleep_for(60s), wait_status::cancelled);
        EXPECT_LT(clock_type::now() - start, prompt);
        canceller.join();
    });
}

struct guarded_flag {
    boost::fibers::mutex mtx;
    boost::fibers::condition_variable_any cv;
    bool set = false;
};

TEST_P(waits, a_condition_wait_returns_ready_when_notified) {
    run([] {
        fiberlog::cancel_scope scope;
        guarded_flag f;
        boost::fibers::fiber setter{[&] {
            boost::this_fiber::sleep_for(5ms);
            {
                std::lock_guard<boost::fibers::mutex> lk{f.mtx};
                f.set = true;
            }
            f.cv.notify_all();
        }};
        std::unique_lock<boost::fibers::mutex> lk{f.mtx};
        EXPECT_EQ(fiberlog::wait(f.cv, lk, [&] { return f.set; }), wait_status::ready);
        EXPECT_TRUE(lk.owns_lock());
        lk.unlock();
        setter.join();
    });
}

TEST_P(waits, a_condition_wait_times_out_on_its_own_limit) {
    run([] {
        fiberlog::deadline_scope far{1h};
        guarded_flag f;
        std::unique_lock<boost::fibers::mutex> lk{f.mtx};
        EXPECT_EQ(fiberlog::wait_for(f.cv, lk, 5ms, [&] { return f.set; }), wait_status::timeout);
        EXPECT_TRUE(lk.owns_lock());
    });
}

TEST_P(waits, a_condition_wait_is_woken_by_a_cancel) {
    run([] {
        guarded_flag f;
        auto [status, took] = cancelled_wait([&] {
            std::unique_lock<boost::fibers::mutex> lk{f.mtx};
            auto s = fiberlog::wait(f.cv, lk, [&] { return f.set; });
            EXPECT_TRUE(lk.owns_lock());
            return s;
        });
        EXPECT_EQ(status, wait_status::cancelled);
        EXPECT_LT(took, prompt);
    });
}

TEST_P(waits, a_condition_wait_ends_at_the_deadline) {
    run([] {
        fiberlog::deadline_scope scope{20ms};
        guarded_flag f;
        std::unique_lock<boost::fibers::mutex> lk{f.mtx};
        const auto start = clock_type::now();
        EXPECT_EQ(fiberlog::wait_for(f.cv, lk, 60s, [&] { return f.set; }),
                  wait_status::deadline_exceeded);
        EXPECT_LT(clock_type::now() - start, prompt);
    });
}

TEST_P(waits, a_future_wait_returns_ready) {
    run([] {
        fiberlog::cancel_scope scope;
        boost::fibers::promise<int> ready_now;
        ready_now.set_value(1);
        auto f1 = ready_now.get_future().share();
        EXPECT_EQ(fiberlog::wait(f1), wait_status::ready);
        EXPECT_EQ(f1.get(), 1);

        boost::fibers::promise<int> later;
        auto f2 = later.get_future().share();
        boost::fibers::fiber setter{[&] {
            boost::this_fiber::sleep_for(5ms);
            later.set_value(2);
        }};
        EXPECT_EQ(fiberlog::wait_for(f2, 60s), wait_status::ready);
        EXPECT_EQ(f2.get(), 2);
        setter.join();
        EXPECT_THROW(fiberlog::wait(boost::fibers::shared_future<int>{}),
                     boost::fibers::future_uninitialized);
    });
}

TEST_P(waits, a_future_wait_is_woken_by_a_cancel_the_deadline_or_its_limit) {
    run([] {
        boost::fibers::promise<int> never;
        auto f = never.get_future().share();
        auto [status, took] = cancelled_wait([&] { return fiberlog::wait(f); });
        EXPECT_EQ(status, wait_status::cancelled);
        EXPECT_LT(took, prompt);
        EXPECT_EQ(fiberlog::wait_for(f, 5ms), wait_status::timeout);
        {
            fiberlog::deadline_scope scope{20ms};
            EXPECT_EQ(fiberlog::wait_for(f, 60s), wait_status::deadline_exceeded);
        }
        never.set_value(0);  // lets the helper fibers end before the threads do
    });
}

TEST_P(waits, ten_thousand_sleepers_are_woken_by_one_cancel) {
    run([] {
        constexpr int count = fiberlog::test::volume(10000);
        fiberlog::cancel_scope scope;
        std::atomic<int> asleep{0}, cancelled{0};
        std::vector<boost::fibers::fiber> sleepers;
        sleepers.reserve(count);
        for (int i = 0; i < count; ++i) {
            // Small stacks: 10,000 default ones would be over a gigabyte.
            sleepers.emplace_back(std::allocator_arg, boost::fibers::fixedsize_stack{64 * 1024},
                                  [&] {
                                      ++asleep;
                                      if (fiberlog::sleep_for(60s) == wait_status::cancelled)
                                          ++cancelled;
                                  });
        }
        while (asleep.load() < count) boost::this_fiber::yield();
        const auto start = clock_type::now();
        scope.cancel();
        for (auto& s : sleepers) s.join();
        EXPECT_EQ(cancelled.load(), count);
        EXPECT_LT(clock_type::now() - start, 10 * prompt);
    });
}

INSTANTIATE_TEST_SUITE_P(schedulers, waits,
                         ::testing::Values(wait_case{scheduler::round_robin, 1},
                                           wait_case{scheduler::shared_work, 2},
                                           wait_case{scheduler::work_stealing, 2}),
                         [](const auto& tc) { return case_name(tc.param); });

TEST(waits_on_a_plain_thread, sleep_and_deadline_work_without_fibers) {
    std::thread th([] {
        EXPECT_EQ(fiberlog::sleep_for(1ms), wait_status::timeout);
        fiberlog::deadline_scope scope{10ms};
        EXPECT_EQ(fiberlog::sleep_for(60s), wait_status::deadline_exceeded);
    });
    th.join();
}

}  // namespace
