// Deadlines and cancellation, each next to its baseline in the same run: the cancelled()
// check against get(key), launch+join under inherited deadline and cancel scopes against
// plain, and cancelling a tree of 10,000 sleeping fibers.
//
// Every benchmark body runs on a fresh thread that installed the scheduler it measures
// (a thread's scheduler cannot be swapped back and forth), see on_scheduler().

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <vector>

#include <benchmark/benchmark.h>
#include <boost/fiber/all.hpp>

#include <fiberlog/fiberlog.hpp>

#include "bench_support.hpp"

namespace {

using namespace std::chrono_literals;
using fiberlog_rr = fiberlog::algo::round_robin;
using fiberlog_ws = fiberlog::algo::work_stealing;
using fiberlog::bench::on_scheduler;
using fiberlog::bench::put_three_keys;

// Reads inside a worker fiber that runs under a deadline and a cancel scope.
template <class Body>
void in_fiber(benchmark::State& state, Body body) {
    on_scheduler<fiberlog_rr>(state, [&](benchmark::State& st) {
        put_three_keys();
        fiberlog::deadline_scope deadline{1h};
        fiberlog::cancel_scope scope;
        boost::fibers::fiber{[&] { body(st); }}.join();
    });
}

void get_key(benchmark::State& state) {
    in_fiber(state, [](benchmark::State& st) {
        for (auto _ : st) benchmark::DoNotOptimize(fiberlog::get("user"));
    });
}
BENCHMARK(get_key)->Name("check/fiberlog_get")->UseRealTime()->Threads(1)->Threads(2);

void check_cancelled(benchmark::State& state) {
    in_fiber(state, [](benchmark::State& st) {
        for (auto _ : st) benchmark::DoNotOptimize(fiberlog::cancelled());
    });
}
BENCHMARK(check_cancelled)->Name("check/fiberlog_cancelled")->UseRealTime()->Threads(1)->Threads(2);

// Three nested cancel scopes: the check stays one load however deep the scope tree.
void check_cancelled_nested(benchmark::State& state) {
    in_fiber(state, [](benchmark::State& st) {
        fiberlog::cancel_scope a, b, c;
        for (auto _ : st) benchmark::DoNotOptimize(fiberlog::cancelled());
    });
}
BENCHMARK(check_cancelled_nested)
    ->Name("check/fiberlog_cancelled_3_scopes_deep")
    ->UseRealTime()
    ->Threads(1)
    ->Threads(2);

// expired() reads the steady clock whenever there is a deadline.
void check_expired(benchmark::State& state) {
    in_fiber(state, [](benchmark::State& st) {
        for (auto _ : st) benchmark::DoNotOptimize(fiberlog::expired());
    });
}
BENCHMARK(check_expired)->Name("check/fiberlog_expired")->UseRealTime()->Threads(1)->Threads(2);

void throw_if_done(benchmark::State& state) {
    in_fiber(state, [](benchmark::State& st) {
        for (auto _ : st) fiberlog::throw_if_done();
    });
}
BENCHMARK(throw_if_done)
    ->Name("check/fiberlog_throw_if_done")
    ->UseRealTime()
    ->Threads(1)
    ->Threads(2);

template <bool WithScopes>
void launch_join(benchmark::State& state) {
    on_scheduler<fiberlog_rr>(state, [](benchmark::State& st) {
        put_three_keys();
        std::optional<fiberlog::deadline_scope> deadline;
        std::optional<fiberlog::cancel_scope> scope;
        if (WithScopes) {
            deadline.emplace(1h);
            scope.emplace();
        }
        for (auto _ : st) {
            boost::fibers::fiber f{[] { benchmark::ClobberMemory(); }};
            f.join();
        }
    });
}
BENCHMARK(launch_join<false>)->Name("launch_join/fiberlog_3keys")->UseRealTime();
BENCHMARK(launch_join<true>)->Name("launch_join/fiberlog_3keys_deadline_cancel")->UseRealTime();

// One iteration: cancel a scope over 100 fibers that each opened a scope of their own and
// launched 99 more, all 10,000 asleep, and join them all (each wakes, ends and is freed).
// Setup is not timed.
template <class Algo>
void cancel_tree(benchmark::State& state) {
    const auto threads = static_cast<unsigned>(state.range(0));
    on_scheduler<Algo>(
        state,
        [](benchmark::State& st) {
            constexpr int branches = 100, leaves = 99;
            const auto stack = [] { return boost::fibers::fixedsize_stack{16 * 1024}; };
            std::chrono::steady_clock::duration cancel_call{};
            for (auto _ : st) {
                st.PauseTiming();
                std::atomic<int> asleep{0};
                std::vector<boost::fibers::fiber> fibers;
                fibers.reserve(branches);
                fiberlog::cancel_scope root;
                for (int b = 0; b < branches; ++b) {
                    fibers.emplace_back(std::allocator_arg, stack(), [&] {
                        fiberlog::cancel_scope branch;
                        std::vector<boost::fibers::fiber> mine;
                        mine.reserve(leaves);
                        for (int l = 0; l < leaves; ++l) {
                            mine.emplace_back(std::allocator_arg, stack(), [&] {
                                ++asleep;
                                fiberlog::sleep_for(1h);
                            });
                        }
                        ++asleep;
                        fiberlog::sleep_for(1h);
                        for (auto& f : mine) f.join();
                    });
                }
                while (asleep.load() < branches * (leaves + 1)) boost::this_fiber::yield();
                st.ResumeTiming();
                const auto start = std::chrono::steady_clock::now();
                root.cancel();
                cancel_call += std::chrono::steady_clock::now() - start;
                for (auto& f : fibers) f.join();
            }
            st.SetItemsProcessed(st.iterations() * branches * (leaves + 1));
            // The cancel() call alone: flags 101 nodes and notifies 10,000 waiters.
            st.counters["cancel_call_ms"] =
                benchmark::Counter(std::chrono::duration<double, std::milli>(cancel_call).count(),
                                   benchmark::Counter::kAvgIterations);
        },
        threads);
}
BENCHMARK(cancel_tree<fiberlog_rr>)
    ->Name("cancel_tree_10000/round_robin")
    ->Arg(1)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(cancel_tree<fiberlog_ws>)
    ->Name("cancel_tree_10000/work_stealing")
    ->Arg(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
