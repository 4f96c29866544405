#pragma once

// What every fiberlog benchmark program shares.

#include <thread>

#include <benchmark/benchmark.h>
#include <boost/fiber/all.hpp>

#include <fiberlog/fiberlog.hpp>

namespace fiberlog::bench {

// Runs `body(state)` on a new thread whose fiber scheduler is `Algo`: a thread's scheduler
// cannot be swapped back and forth, so each benchmark body gets a fresh thread.
template <class Algo, class Body>
void on_scheduler(benchmark::State& state, Body body) {
    std::thread t([&] {
        boost::fibers::use_scheduling_algorithm<Algo>();
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
