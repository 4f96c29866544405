// fiberlog::asio::round_robin: fibers and I/O on one thread, no polling, lineage, wake-ups from
// other threads, fairness, stop/restart, and the errors of misuse.

#include <time.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <stdexcept>
#include <thread>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/fiber/all.hpp>
#include <gtest/gtest.h>

#include <fiberlog/asio.hpp>
#include <fiberlog/fiberlog.hpp>

#include "io_thread.hpp"
#include "support/volume.hpp"

namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;
using boost::fibers::launch;
using fiberlog::asio::yield;
using fiberlog::test::run_in_io_thread;
using fiberlog::value;

std::chrono::nanoseconds thread_cpu_time() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
}

TEST(asio_round_robin, runs_fibers_and_their_io_inside_io_run) {
    std::atomic<int> steps{0};
    run_in_io_thread([&](net::io_context& io) {
        net::steady_timer timer(io, 1ms);
        timer.async_wait(yield);
        ++steps;
        boost::fibers::fiber([&] {
            net::post(io, yield);  // a handler of the io_context resumes this fiber
            ++steps;
        }).join();
    });
    EXPECT_EQ(steps, 2);
}

// An idle service -- a listener nobody connects to, fibers waiting on Asio timers and on the
// fiber sleep queue -- sleeps in epoll. Over the idle period the io_context runs only the
// handlers of real events (a spinning scheduler runs thousands), and the thread uses almost
// no CPU time. Neither figure depends on the machine being idle.
TEST(asio_round_robin, an_idle_service_sleeps_in_epoll_instead_of_polling) {
    std::chrono::nanoseconds cpu{}, wall{};
    const std::size_t handlers = run_in_io_thread([&](net::io_context& io) {
        tcp::acceptor acceptor(io, {net::ip::address_v4::loopback(), 0});
        boost::fibers::fiber accepting([&] {
            boost::system::error_code ec;
            acceptor.async_accept(yield[ec]);
            EXPECT_EQ(ec, net::error::operation_aborted);
        });
        const auto cpu_start = thread_cpu_time();
        const auto wall_start = std::chrono::steady_clock::now();
        boost::fibers::fiber sleeping([] { boost::this_fiber::sleep_for(150ms); });
        for (int i = 0; i < 3; ++i) {
            net::steady_timer timer(io, 100ms);
            timer.async_wait(yield);
        }
        sleeping.join();
        cpu = thread_cpu_time() - cpu_start;
        wall = std::chrono::steady_clock::now() - wall_start;
        acceptor.close();
        accepting.join();
    });
    EXPECT_GE(wall, 300ms);
    // About a dozen: each timer's completion, a turn for the fibers after each, the timer
    // for the sleeping fiber, the start.
    EXPECT_LE(handlers, 40u);
    const double cpu_ms = std::chrono::duration<double, std::milli>(cpu).count();
    EXPECT_LT(cpu_ms, 100.0) << "CPU ms over "
                             << std::chrono::duration<double, std::milli>(wall).count() << " ms";
}

TEST(asio_round_robin, a_sleeping_fiber_wakes_at_its_time_without_any_io) {
    run_in_io_thread([&](net::io_context&) {
        for (int i = 0; i < 5; ++i) {
            const auto start = std::chrono::steady_clock::now();
            boost::this_fiber::sleep_for(20ms);
            EXPECT_GE(std::chrono::steady_clock::now() - start, 20ms);
        }
    });
}

class asio_lineage : public ::testing::TestWithParam<launch> {};

TEST_P(asio_lineage, children_and_grandchildren_inherit_the_launchers_context) {
    run_in_io_thread([&](net::io_context& io) {
        fiberlog::put("request_id", "r-1");
        const auto me = fiberlog::fiber_id();
        boost::fibers::fiber child(GetParam(), [&] {
            EXPECT_EQ(fiberlog::parent_id(), me);
            EXPECT_EQ(fiberlog::get("request_id"), value{"r-1"});
            fiberlog::put("step", "db");
            const auto child_id = fiberlog::fiber_id();
            boost::fibers::fiber grandchild(GetParam(), [&] {
                EXPECT_EQ(fiberlog::parent_id(), child_id);
                net::steady_timer timer(io, 1ms);
                timer.async_wait(yield);
                EXPECT_EQ(fiberlog::get("request_id"), value{"r-1"});
                EXPECT_EQ(fiberlog::get("step"), value{"db"});
                EXPECT_EQ(fiberlog::parent_id(), child_id);
            });
            grandchild.join();
        });
        child.join();
        EXPECT_FALSE(fiberlog::get("step"));
    });
}

TEST_P(asio_lineage, a_fiber_launched_in_an_asio_handler_inherits_from_the_main_context) {
    run_in_io_thread([&](net::io_context& io) {
        boost::fibers::promise<std::pair<std::uint64_t, std::uint64_t>> launched;
        std::uint64_t main_id = 0;
        net::post(io, [&] {  // runs on the thread's main context, inside io->run()
            main_id = fiberlog::fiber_id();
            fiberlog::scoped in_handler{"source", "handler"};
            boost::fibers::fiber(GetParam(), [&] {
                EXPECT_EQ(fiberlog::get("source"), value{"handler"});
                net::post(io, yield);
                launched.set_value({fiberlog::parent_id(), fiberlog::fiber_id()});
            }).detach();
        });
        const auto [parent, id] = launched.get_future().get();
        EXPECT_EQ(parent, main_id);
        EXPECT_NE(id, main_id);
    });
}

TEST_P(asio_lineage, from_the_main_context_before_io_run_and_before_it_ever_yielded) {
    std::uint64_t main_id = 0, seen_parent = 0;
    value seen;
    std::thread thread([&] {
        auto io = std::make_shared<net::io_context>(1);
        boost::fibers::use_scheduling_algorithm<fiberlog::asio::round_robin>(io);
        fiberlog::put("tenant", "acme");
        main_id = fiberlog::fiber_id();
        boost::fibers::fiber child(GetParam(), [&] {
            net::steady_timer timer(*io, 1ms);
            timer.async_wait(yield);
            seen = *fiberlog::get("tenant");
            seen_parent = fiberlog::parent_id();
            io->stop();
        });
        io->run();
        child.join();
    });
    thread.join();
    EXPECT_EQ(seen, value{"acme"});
    EXPECT_EQ(seen_parent, main_id);
}

INSTANTIATE_TEST_SUITE_P(policies, asio_lineage, ::testing::Values(launch::post, launch::dispatch),
                         [](const ::testing::TestParamInfo<launch>& p) {
                             return p.param == launch::post ? "post" : "dispatch";
                         });

// Two threads, each with its own io_context, hand a token back and forth through fiber
// channels: each hand-off wakes a fiber of the other thread, which sleeps in epoll.
TEST(asio_round_robin, fibers_woken_from_another_thread_wake_its_io_context) {
    const int rounds = fiberlog::test::volume(2000) + 20;
    boost::fibers::buffered_channel<int> ping{2}, pong{2};
    std::atomic<int> failures{0};
    auto player = [&](bool first) {
        return [&, first](net::io_context&) {
            fiberlog::put("player", first);
            const auto id = fiberlog::fiber_id();
            for (int i = 0; i < rounds; ++i) {
                int got = 0;
                if (first) {
                    ping.push(i);
                    if (pong.pop(got) != boost::fibers::channel_op_status::success) ++failures;
                } else {
                    if (ping.pop(got) != boost::fibers::channel_op_status::success) ++failures;
                    pong.push(got);
                }
                if (got != i || fiberlog::fiber_id() != id ||
                    fiberlog::get("player") != value{first})
                    ++failures;
            }
        };
    };
    std::thread other([&] { run_in_io_thread(player(false)); });
    run_in_io_thread(player(true));
    other.join();
    EXPECT_EQ(failures, 0);
}

// A fiber that only yields cannot starve I/O: after a bounded number of turns the thread
// goes back to io->run(), and the timer below completes.
TEST(asio_round_robin, fibers_that_keep_yielding_do_not_starve_io) {
    run_in_io_thread([&](net::io_context& io) {
        bool done = false;
        long yields = 0;
        boost::fibers::fiber spinner([&] {
            while (!done) {
                boost::this_fiber::yield();
                ++yields;
            }
        });
        net::steady_timer timer(io, 5ms);
        timer.async_wait(yield);
        done = true;
        spinner.join();
        EXPECT_GT(yields, 0);
    });
}

TEST(asio_round_robin, stop_then_restart_goes_on_where_it_stopped) {
    std::thread thread([] {
        auto io = std::make_shared<net::io_context>(1);
        boost::fibers::use_scheduling_algorithm<fiberlog::asio::round_robin>(io);
        int stage = 0;
        boost::fibers::fiber worker([&] {
            fiberlog::put("job", "w");
            stage = 1;
            io->stop();
            net::steady_timer timer(*io, 1ms);
            timer.async_wait(yield);
            EXPECT_EQ(fiberlog::get("job"), value{"w"});
            stage = 2;
            io->stop();
        });
        io->run();
        EXPECT_EQ(stage, 1);
        io->restart();
        io->run();
        EXPECT_EQ(stage, 2);
        worker.join();
    });
    thread.join();
}

// The main context waits outside io->run() (a join): sleepers and fibers woken by other
// threads still run, and the thread sleeps while none is ready.
TEST(asio_round_robin, fibers_run_while_the_main_context_joins_outside_io_run) {
    std::thread thread([] {
        auto io = std::make_shared<net::io_context>(1);
        boost::fibers::use_scheduling_algorithm<fiberlog::asio::round_robin>(io);
        boost::fibers::buffered_channel<int> channel{2};
        std::thread pusher([&] { channel.push(7); });
        int got = 0;
        boost::fibers::fiber sleeper([] { boost::this_fiber::sleep_for(10ms); });
        boost::fibers::fiber popper([&] { channel.pop(got); });
        sleeper.join();
        popper.join();
        pusher.join();
        EXPECT_EQ(got, 7);
    });
    thread.join();
}

TEST(asio_round_robin, a_null_io_context_is_rejected) {
    std::thread thread([] {
        EXPECT_THROW(fiberlog::asio::round_robin{nullptr}, std::invalid_argument);
    });
    thread.join();
}

TEST(asio_round_robin, one_io_context_drives_one_scheduler) {
    auto io = std::make_shared<net::io_context>(1);
    std::promise<void> installed, checked;
    std::thread first([&] {
        boost::fibers::use_scheduling_algorithm<fiberlog::asio::round_robin>(io);
        installed.set_value();
        checked.get_future().wait();
    });
    installed.get_future().wait();
    std::thread second([&] {
        try {
            fiberlog::asio::round_robin other{io};
            ADD_FAILURE() << "a second round_robin on the same io_context";
        } catch (const std::invalid_argument& e) {
            EXPECT_NE(std::string(e.what()).find("already drives"), std::string::npos);
        }
    });
    second.join();
    checked.set_value();
    first.join();
    // The first scheduler is gone with its thread: the io_context is free again.
    std::thread third([&] { fiberlog::asio::round_robin again{io}; });
    third.join();
}

TEST(asio_round_robin, running_its_io_context_on_another_thread_is_an_error) {
    auto io = std::make_shared<net::io_context>(1);
    std::promise<void> installed, tried;
    std::atomic<bool> ran{false};
    std::thread owner([&] {
        boost::fibers::use_scheduling_algorithm<fiberlog::asio::round_robin>(io);
        boost::fibers::fiber fiber([&] {  // queues the fibers' turn in the io_context
            ran = true;
            io->stop();
        });
        installed.set_value();
        tried.get_future().wait();
        io->restart();
        io->run();  // the turn the other thread refused is still queued
        fiber.join();
    });
    installed.get_future().wait();
    std::thread intruder([&] {
        try {
            io->run();
            ADD_FAILURE() << "io_context::run() on the wrong thread ran the fibers";
        } catch (const std::logic_error& e) {
            EXPECT_NE(std::string(e.what()).find("thread other than"), std::string::npos);
        }
    });
    intruder.join();
    EXPECT_FALSE(ran);
    tried.set_value();
    owner.join();
    EXPECT_TRUE(ran);
}

// Death test: the nested run cannot go on (the parked main context could never resume).
TEST(asio_round_robin_death, running_its_io_context_from_a_fiber_aborts_with_a_message) {
    ::testing::FLAGS_gtest_death_test_style = "threadsafe";
    EXPECT_DEATH(run_in_io_thread([&](net::io_context& io) {
                     boost::fibers::buffered_channel<int> channel{2};
                     boost::fibers::fiber popper([&] {
                         int got = 0;
                         channel.pop(got);
                     });
                     boost::this_fiber::yield();  // `popper` now waits in pop()
                     // Another thread wakes `popper`: that queues the fibers' turn in the
                     // io_context, which this fiber then runs.
                     std::thread pusher([&] { channel.push(1); });
                     pusher.join();
                     io.run_one();
                     popper.join();
                 }),
                 "called from a fiber");
}

}  // namespace
