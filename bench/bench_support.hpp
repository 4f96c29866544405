#pragma once

// What every fiberlog benchmark program shares.

#include <thread>

#include <benchmark/benchmark.h>
#include <boost/fiber/all.hpp>

#include <fiberlog/fiberlog.hpp>

namespace fiberlog::bench {

// Runs `body(state)` on a new thread whose fiber scheduler is `Algo` (a thread's scheduler
// cannot be swapped back and forth, so each benchmark body gets fresh threads), with
// `threads - 1` more threads in the scheduler's pool (work_stealing) until `body` returns.
template <class Algo, class Body>
void on_scheduler(benchmark::State& state, Body body, unsigned threads = 1) {
    std::thread t([&] {
        fiberlog::scheduler_threads<Algo> pool{threads};
        body(state);
    });
    t.join();
}

// The three-key context of the goals: a request id, a user and an attempt number.
inline void put_three_keys() {
    fiberlog::put("request_id", "7f3a9c2e-5b1d");
    fiberlog::put("user", "alice");
    fiberlog::put("attempt", 2);
}

}  // namespace fiberlog::bench
