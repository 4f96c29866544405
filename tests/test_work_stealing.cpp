// fiberlog::algo::work_stealing on its own: pools named by work_stealing::pool take the
// threads they were given whatever order those install in, a full pool or a pool of another
// size is refused with an exception, and a thief takes the fiber queued behind a thread's
// main context (where Boost 1.74's gives up).

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include <boost/fiber/all.hpp>
#include <gtest/gtest.h>

#include <fiberlog/fiberlog.hpp>

#include "support/fiber_env.hpp"

namespace {

using fiberlog::test::current_thread;

using fiberlog::algo::work_stealing;
using namespace std::chrono_literals;

// Fiber-aware "done" flag: the threads waiting on it run (and steal) fibers meanwhile.
struct fiber_flag {
    boost::fibers::mutex mtx;
    boost::fibers::condition_variable cv;
    bool set = false;
    void raise() {
        {
            std::lock_guard<boost::fibers::mutex> lk{mtx};
            set = true;
        }
        cv.notify_all();
    }
    void wait() {
        std::unique_lock<boost::fibers::mutex> lk{mtx};
        cv.wait(lk, [&] { return set; });
    }
};

// The threads of a test meet here before they end: Boost 1.74's schedule_from_remote still
// uses the woken thread's scheduler after that thread can already run, so no thread may end --
// freeing its scheduler -- while another may still be waking one of its fibers
// (fiberlog::scheduler_threads meets for the same reason).
class exit_meeting {
public:
    explicit exit_meeting(int threads) : absent_(threads) {}
    void arrive_and_wait() {
        std::unique_lock<std::mutex> lk{mtx_};
        if (--absent_ == 0) all_here_.notify_all();
        all_here_.wait(lk, [&] { return absent_ == 0; });
    }

private:
    std::mutex mtx_;
    std::condition_variable all_here_;
    int absent_;
};

// Two pools of two, their threads installing in the worst order for arrival-order pools (A,
// B, A, B): each pool's fiber is stolen by its own second thread, never by the other pool's.
TEST(work_stealing_pool, threads_join_the_pool_they_were_given_whatever_the_order) {
    work_stealing::pool pools[2] = {work_stealing::pool{2}, work_stealing::pool{2}};
    EXPECT_EQ(pools[0].thread_count(), 2u);
    long second[2] = {};
    long thief[2] = {};
    fiber_flag done[2];
    exit_meeting meetings[2] = {exit_meeting{2}, exit_meeting{2}};
    std::vector<std::thread> threads;
    for (int p = 0; p < 2; ++p)
        threads.emplace_back([&, p] {  // the first thread of pool p: its fiber must move
            boost::fibers::use_scheduling_algorithm<work_stealing>(pools[p]);
            const auto home = current_thread();
            boost::fibers::fiber{[&, p, home] {
                while (current_thread() == home) boost::this_fiber::yield();
                thief[p] = current_thread();
            }}.join();
            done[p].raise();
            meetings[p].arrive_and_wait();
        });
    for (int p = 0; p < 2; ++p)
        threads.emplace_back([&, p] {  // the second thread of pool p: idle, so it steals
            second[p] = current_thread();
            boost::fibers::use_scheduling_algorithm<work_stealing>(pools[p]);
            done[p].wait();
            meetings[p].arrive_and_wait();
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(thief[0], second[0]);
    EXPECT_EQ(thief[1], second[1]);
}

TEST(work_stealing_pool, a_full_pool_refuses_another_thread) {
    work_stealing::pool one{1};
    EXPECT_EQ(work_stealing::pool{0}.thread_count(), 1u);
    std::thread([&] {
        work_stealing member{one};  // a pool of one: does not wait
        EXPECT_THROW(work_stealing{one}, std::invalid_argument);
    }).join();
}

// Without a pool object, the first threads to install form a pool of their size; a thread
// asking for another size while one forms is refused (it used to print and abort). Which of
// the two first threads is refused depends on who comes first; the other's pool is then
// completed by threads of its size.
TEST(work_stealing_pool, another_size_while_a_pool_forms_throws) {
    std::atomic<int> refused{-1};
    auto member = [&](int who, std::uint32_t size) {
        try {
            work_stealing ws{size};
        } catch (const std::invalid_argument& e) {
            EXPECT_NE(std::string(e.what()).find("still forming"), std::string::npos) << e.what();
            refused = who;
        }
    };
    std::vector<std::thread> threads;
    threads.emplace_back(member, 0, 2u);
    threads.emplace_back(member, 1, 3u);
    while (refused.load() == -1) std::this_thread::yield();  // one of them is refused
    const std::uint32_t waiting = refused.load() == 0 ? 3u : 2u;
    for (std::uint32_t i = 1; i < waiting; ++i) threads.emplace_back(member, 2, waiting);
    for (auto& t : threads) t.join();
    EXPECT_NE(refused.load(), 2);  // the completing threads were accepted
}

// A ready fiber queued behind its thread's main context: Boost 1.74's thief gives up on such
// a queue (20 of 20 probes), fiberlog's takes the fiber. The owner is kept busy by a fiber
// that never yields, so only a thief can run the queued one.
TEST(work_stealing_steal, a_fiber_behind_a_main_context_is_stolen) {
    work_stealing::pool pool{2};
    long owner_id = 0, ran_on = 0;
    std::atomic<bool> ran{false};
    fiber_flag done;
    exit_meeting meeting{2};
    std::thread thief([&] {
        boost::fibers::use_scheduling_algorithm<work_stealing>(pool);
        done.wait();
        meeting.arrive_and_wait();
    });
    std::thread owner([&] {
        boost::fibers::use_scheduling_algorithm<work_stealing>(pool);
        owner_id = current_thread();
        // dispatch: the busy fiber runs at once and the main context is queued first.
        boost::fibers::fiber busy{boost::fibers::launch::dispatch, [&] {
            boost::fibers::fiber queued{boost::fibers::launch::post, [&] {
                ran_on = current_thread();
                ran = true;
            }};
            const auto give_up = std::chrono::steady_clock::now() + 60s;  // a safety net only
            while (!ran.load() && std::chrono::steady_clock::now() < give_up) {
            }
            queued.join();
        }};
        busy.join();
        done.raise();
        meeting.arrive_and_wait();
    });
    owner.join();
    thief.join();
    EXPECT_TRUE(ran.load());
    EXPECT_NE(ran_on, owner_id);
}

}  // namespace
