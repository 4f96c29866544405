#pragma once

// What every fiberlog benchmark program shares.

#include <thread>
#include <type_traits>
#include <vector>

#include <benchmark/benchmark.h>
#include <boost/fiber/all.hpp>

#include <fiberlog/fiberlog.hpp>

namespace fiberlog::bench {

// Runs `body(state)` on a new thread whose fiber scheduler is `Algo` (a thread's scheduler
// cannot be swapped back and forth, so each benchmark body gets fresh threads), with
// `threads - 1` more threads in the scheduler's pool (work_stealing) until `body` returns.
template <class Algo, class Body>
void on_scheduler(benchmark::State& state, Body body, unsigned threads = 1) {
    auto install = [threads] {
        if constexpr (std::is_same_v<Algo, fiberlog::algo::work_stealing>)
            boost::fibers::use_scheduling_algorithm<Algo>(threads);
        else
            boost::fibers::use_scheduling_algorithm<Algo>();
    };
    bool done = false;
    boost::fibers::mutex mtx;
    boost::fibers::condition_variable cv;
    std::vector<std::thread> helpers;
    for (unsigned i = 1; i < threads; ++i) {
        helpers.emplace_back([&] {
            install();
            std::unique_lock<boost::fibers::mutex> lk{mtx};
            cv.wait(lk, [&] { return done; });
        });
    }
    std::thread t([&] {
        install();
        body(state);
        {
            std::unique_lock<boost::fibers::mutex> lk{mtx};
            done = true;
        }
        cv.notify_all();
    });
    t.join();
    for (auto& h : helpers) h.join();
}

// The three-key context of the goals: a request id, a user and an attempt number.
inline void put_three_keys() {
    fiberlog::put("request_id", "7f3a9c2e-5b1d");
    fiberlog::put("user", "alice");
    fiberlog::put("attempt", 2);
}

}  // namespace fiberlog::bench
