// The core's costs, each next to its Boost baseline in the same run: launch+join, yield,
// reading the context, changing it, and the id allocator's design choice.
//
// Every benchmark body runs on a fresh thread that installed the scheduler it measures,
// see on_scheduler() in bench_support.hpp.

#include <atomic>
#include <thread>

#include <benchmark/benchmark.h>
#include <boost/fiber/all.hpp>

#include <fiberlog/fiberlog.hpp>

#include "bench_support.hpp"

namespace {

using fiberlog_rr = fiberlog::algo::round_robin;
using boost_rr = boost::fibers::algo::round_robin;
using fiberlog::bench::on_scheduler;
using fiberlog::bench::put_three_keys;

template <class Algo, bool WithContext>
void launch_join(benchmark::State& state) {
    on_scheduler<Algo>(state, [](benchmark::State& st) {
        if (WithContext) put_three_keys();
        for (auto _ : st) {
            boost::fibers::fiber f{[] { benchmark::ClobberMemory(); }};
            f.join();
        }
    });
}
BENCHMARK(launch_join<boost_rr, false>)->Name("launch_join/boost_round_robin")->UseRealTime();
BENCHMARK(launch_join<fiberlog_rr, false>)->Name("launch_join/fiberlog_empty")->UseRealTime();
BENCHMARK(launch_join<fiberlog_rr, true>)->Name("launch_join/fiberlog_3keys")->UseRealTime();

// The same in a trace: each child gets a span of its own.
void launch_join_traced(benchmark::State& state) {
    on_scheduler<fiberlog_rr>(state, [](benchmark::State& st) {
        put_three_keys();
        fiberlog::trace_scope scope{"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"};
        for (auto _ : st) {
            boost::fibers::fiber f{[] { benchmark::ClobberMemory(); }};
            f.join();
        }
    });
}
BENCHMARK(launch_join_traced)->Name("launch_join/fiberlog_3keys_traced")->UseRealTime();

// One iteration = the measuring fiber yields, a partner fiber runs and yields back.
template <class Algo>
void yield_ping_pong(benchmark::State& state) {
    on_scheduler<Algo>(state, [](benchmark::State& st) {
        std::atomic<bool> stop{false};
        boost::fibers::fiber partner{[&] {
            while (!stop.load(std::memory_order_relaxed)) boost::this_fiber::yield();
        }};
        for (auto _ : st) boost::this_fiber::yield();
        stop = true;
        partner.join();
    });
}
BENCHMARK(yield_ping_pong<boost_rr>)->Name("yield/boost_round_robin")->UseRealTime();
BENCHMARK(yield_ping_pong<fiberlog_rr>)->Name("yield/fiberlog_round_robin")->UseRealTime();

// Reads inside a worker fiber, the common case.
template <class Body>
void in_fiber(benchmark::State& state, Body body) {
    on_scheduler<fiberlog_rr>(state, [&](benchmark::State& st) {
        put_three_keys();
        boost::fibers::fiber{[&] { body(st); }}.join();
    });
}

void get_key(benchmark::State& state) {
    in_fiber(state, [](benchmark::State& st) {
        for (auto _ : st) benchmark::DoNotOptimize(fiberlog::get("user"));
    });
}
BENCHMARK(get_key)->Name("read/fiberlog_get")->UseRealTime()->Threads(1)->Threads(2);

void get_number(benchmark::State& state) {
    in_fiber(state, [](benchmark::State& st) {
        for (auto _ : st) benchmark::DoNotOptimize(fiberlog::get("attempt"));
    });
}
BENCHMARK(get_number)->Name("read/fiberlog_get_number")->UseRealTime()->Threads(1)->Threads(2);

void find_key(benchmark::State& state) {
    in_fiber(state, [](benchmark::State& st) {
        for (auto _ : st) benchmark::DoNotOptimize(fiberlog::find("user"));
    });
}
BENCHMARK(find_key)->Name("read/fiberlog_find")->UseRealTime()->Threads(1)->Threads(2);

void boost_get_id(benchmark::State& state) {
    in_fiber(state, [](benchmark::State& st) {
        for (auto _ : st) benchmark::DoNotOptimize(boost::this_fiber::get_id());
    });
}
BENCHMARK(boost_get_id)->Name("read/boost_this_fiber_get_id")->UseRealTime()->Threads(1)->Threads(2);

void boost_fss_get(benchmark::State& state) {
    in_fiber(state, [](benchmark::State& st) {
        // Three slots set, like the three keys, so the lookup is not in a one-entry map.
        static boost::fibers::fiber_specific_ptr<std::string> a, b, c;
        a.reset(new std::string("7f3a9c2e-5b1d"));
        b.reset(new std::string("alice"));
        c.reset(new std::string("2"));
        for (auto _ : st) benchmark::DoNotOptimize(b.get());
    });
}
BENCHMARK(boost_fss_get)->Name("read/boost_fiber_specific_ptr_get")->UseRealTime()->Threads(1)->Threads(2);

void fiber_id(benchmark::State& state) {
    in_fiber(state, [](benchmark::State& st) {
        for (auto _ : st) benchmark::DoNotOptimize(fiberlog::fiber_id());
    });
}
BENCHMARK(fiber_id)->Name("read/fiberlog_fiber_id")->UseRealTime()->Threads(1)->Threads(2);

void snapshot(benchmark::State& state) {
    in_fiber(state, [](benchmark::State& st) {
        for (auto _ : st) benchmark::DoNotOptimize(fiberlog::snapshot());
    });
}
BENCHMARK(snapshot)->Name("read/fiberlog_snapshot")->UseRealTime()->Threads(1)->Threads(2);

void put(benchmark::State& state) {
    in_fiber(state, [](benchmark::State& st) {
        std::int64_t i = 0;
        for (auto _ : st) fiberlog::put("attempt", ++i);
    });
}
BENCHMARK(put)->Name("write/fiberlog_put")->UseRealTime()->Threads(1)->Threads(2);

void scoped(benchmark::State& state) {
    in_fiber(state, [](benchmark::State& st) {
        for (auto _ : st) {
            fiberlog::scoped s{"step", 1};
            benchmark::ClobberMemory();
        }
    });
}
BENCHMARK(scoped)->Name("write/fiberlog_scoped")->UseRealTime()->Threads(1)->Threads(2);

// The id allocator's design: one shared counter bumped per id, against per-thread blocks
// of 1024 taken from it (what fiberlog does). Reimplemented here, side by side.
std::atomic<std::uint64_t> shared_counter{1};

void ids_shared_atomic(benchmark::State& state) {
    for (auto _ : state)
        benchmark::DoNotOptimize(shared_counter.fetch_add(1, std::memory_order_relaxed));
}
BENCHMARK(ids_shared_atomic)->Name("ids/shared_atomic")->Threads(1)->Threads(2);

void ids_thread_blocks(benchmark::State& state) {
    thread_local std::uint64_t next = 0, end = 0;
    for (auto _ : state) {
        if (next == end) {
            next = shared_counter.fetch_add(1024, std::memory_order_relaxed);
            end = next + 1024;
        }
        benchmark::DoNotOptimize(next++);
    }
}
BENCHMARK(ids_thread_blocks)->Name("ids/thread_blocks")->Threads(1)->Threads(2);

}  // namespace

BENCHMARK_MAIN();
