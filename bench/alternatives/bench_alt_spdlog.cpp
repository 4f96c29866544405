// The spdlog contenders of bench_alternatives (see README.md and alt_common.hpp):
//   plain_spdlog      1. plain spdlog, no context (every ratio's baseline)
//   by_hand           2. the context passed by hand as format arguments (the same bytes)
//   mdc_thread_local  3. spdlog 1.14's MDC, re-implemented (alt_contexts.hpp): a thread_local
//                        map read by the `%&` flag
//   fss               4. the same map in a boost::fibers::fiber_specific_ptr, read by a flag
//   fiberlog_pattern  7. fiberlog, `{%K}` (the ids `[%G/%J]` left out: the others have none)
//   fiberlog_json     7. fiberlog's JSON lines (other bytes: a JSON object per line)
//   fiberlog_async    7. fiberlog::sinks::async_sink (the async shape)

#include <array>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include <spdlog/async.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/spdlog.h>

#include <fiberlog/spdlog.hpp>

#include "alt_common.hpp"
#include "alt_contexts.hpp"

namespace fiberlog::bench::alt {
namespace {

using alternatives::alternative_formatter;
using alternatives::context_map;
using alternatives::fss_context;
using alternatives::fss_put;
using alternatives::mdc;
using spdlog::details::null_mutex;

enum class who { plain, mdc, fss, fiberlog_pattern, fiberlog_json };

void put_context(who w, int n) {
    for (int i = 0; i < n; ++i) {
        switch (w) {
            case who::plain: break;
            case who::mdc: mdc::put(key(i), value(i)); break;
            case who::fss: fss_put(key(i), value(i)); break;
            case who::fiberlog_pattern:
            case who::fiberlog_json: fiberlog::put(key(i), value(i)); break;
        }
    }
}

std::unique_ptr<spdlog::formatter> formatter_for(who w) {
    switch (w) {
        case who::plain: return std::make_unique<spdlog::pattern_formatter>(spdlog_prefix + "%v");
        case who::mdc: return alternative_formatter(spdlog_prefix + "{%&} %v");
        case who::fss: return alternative_formatter(spdlog_prefix + "{%~} %v");
        case who::fiberlog_pattern: return fiberlog::pattern_formatter(spdlog_prefix + "{%K} %v");
        case who::fiberlog_json: return fiberlog::json_formatter();
    }
    return nullptr;
}

template <class Mutex>
std::shared_ptr<spdlog::logger> make_logger(std::unique_ptr<spdlog::formatter> formatter) {
    auto logger =
        std::make_shared<spdlog::logger>("bench", std::make_shared<formatting_sink<Mutex>>());
    logger->set_formatter(std::move(formatter));
    return logger;
}

// Contender 2: what a caller writes to get the same bytes without any context storage,
// logger.info("{{key_00={} key_01={}}} request handled in {} ms", v0, v1, 42).
template <std::size_t N, std::size_t... I>
void log_by_hand(spdlog::logger& logger, spdlog::level::level_enum level,
                 const std::string& format, const std::array<std::string, N>& values,
                 std::index_sequence<I...>) {
    (void)values;
    logger.log(level, fmt::runtime(format), values[I]..., 42);
}

template <std::size_t N>
struct by_hand_context {
    std::string format = by_hand_format(static_cast<int>(N));
    std::array<std::string, N> values = [] {
        std::array<std::string, N> v;
        for (std::size_t i = 0; i < N; ++i) v[i] = value(static_cast<int>(i));
        return v;
    }();
    void log(spdlog::logger& logger, spdlog::level::level_enum level) const {
        log_by_hand(logger, level, format, values, std::make_index_sequence<N>{});
    }
};

// ---- cost per line as the context grows ------------------------------------------------

void line_plain(benchmark::State& state) {
    in_fiber(state, [](benchmark::State& st) {
        auto logger = make_logger<null_mutex>(formatter_for(who::plain));
        for (auto _ : st) logger->info("request handled in {} ms", 42);
    });
}

template <std::size_t N>
void line_by_hand(benchmark::State& state) {
    in_fiber(state, [](benchmark::State& st) {
        auto logger = make_logger<null_mutex>(formatter_for(who::plain));
        const by_hand_context<N> context;
        for (auto _ : st) context.log(*logger, spdlog::level::info);
    });
}

template <who W>
void line(benchmark::State& state) {
    const int n = static_cast<int>(state.range(0));
    in_fiber(state, [n](benchmark::State& st) {
        put_context(W, n);
        auto logger = make_logger<null_mutex>(formatter_for(W));
        for (auto _ : st) logger->info("request handled in {} ms", 42);
    });
}

void keys_args(benchmark::internal::Benchmark* b) {
    b->ArgName("keys");
    for (int n : {0, 1, 3, 8, 32}) b->Arg(n);
}

BENCHMARK(line_plain)->Name("line/plain_spdlog")->UseRealTime();
BENCHMARK_TEMPLATE(line_by_hand, 0)->Name("line/by_hand/keys:0")->UseRealTime();
BENCHMARK_TEMPLATE(line_by_hand, 1)->Name("line/by_hand/keys:1")->UseRealTime();
BENCHMARK_TEMPLATE(line_by_hand, 3)->Name("line/by_hand/keys:3")->UseRealTime();
BENCHMARK_TEMPLATE(line_by_hand, 8)->Name("line/by_hand/keys:8")->UseRealTime();
BENCHMARK_TEMPLATE(line_by_hand, 32)->Name("line/by_hand/keys:32")->UseRealTime();
BENCHMARK_TEMPLATE(line, who::mdc)->Name("line/mdc_thread_local")->Apply(keys_args)->UseRealTime();
BENCHMARK_TEMPLATE(line, who::fss)->Name("line/fss")->Apply(keys_args)->UseRealTime();
BENCHMARK_TEMPLATE(line, who::fiberlog_pattern)
    ->Name("line/fiberlog_pattern")
    ->Apply(keys_args)
    ->UseRealTime();
BENCHMARK_TEMPLATE(line, who::fiberlog_json)
    ->Name("line/fiberlog_json")
    ->Apply(keys_args)
    ->UseRealTime();

// ---- launch+join of a chain of nested fibers, 3-key context ------------------------------
// Each fiber launches one child and joins it, `depth` deep; the time is the whole chain.
// Every contender takes its stacks from one pooled allocator: with Boost's default, a stack
// comes from the heap or from mmap depending on malloc's mood, a 10x swing that would drown
// what is measured here, the launch and the inheritance.

using stacks = boost::fibers::pooled_fixedsize_stack;

void chain(stacks& salloc, int depth) {
    if (depth == 0) return;
    boost::fibers::fiber{std::allocator_arg, salloc, [&salloc, depth] { chain(salloc, depth - 1); }}
        .join();
}

// fiber_specific_ptr is not inherited: the child copies its parent's map by hand.
void chain_fss(stacks& salloc, int depth) {
    if (depth == 0) return;
    const context_map* parent = fss_context().get();
    boost::fibers::fiber{std::allocator_arg, salloc, [&salloc, parent, depth] {
                             if (parent != nullptr)
                                 fss_context().reset(new context_map(*parent));
                             chain_fss(salloc, depth - 1);
                         }}
        .join();
}

void launch_join_plain(benchmark::State& state) {
    const int depth = static_cast<int>(state.range(0));
    on_scheduler<boost::fibers::algo::round_robin>(state, [depth](benchmark::State& st) {
        stacks salloc;
        for (auto _ : st) chain(salloc, depth);
    });
}

void launch_join_fiberlog(benchmark::State& state) {
    const int depth = static_cast<int>(state.range(0));
    on_scheduler<fiberlog::algo::round_robin>(state, [depth](benchmark::State& st) {
        stacks salloc;
        put_context(who::fiberlog_pattern, keys_for_fixed_shapes);
        for (auto _ : st) chain(salloc, depth);
    });
}

void launch_join_fss(benchmark::State& state) {
    const int depth = static_cast<int>(state.range(0));
    on_scheduler<boost::fibers::algo::round_robin>(state, [depth](benchmark::State& st) {
        stacks salloc;
        put_context(who::fss, keys_for_fixed_shapes);
        for (auto _ : st) chain_fss(salloc, depth);
        fss_context().reset(nullptr);
    });
}

void depth_args(benchmark::internal::Benchmark* b) {
    b->ArgName("depth");
    for (int d : {1, 4, 16}) b->Arg(d);
}

BENCHMARK(launch_join_plain)->Name("launch_join/boost_round_robin")->Apply(depth_args)->UseRealTime();
BENCHMARK(launch_join_fiberlog)->Name("launch_join/fiberlog")->Apply(depth_args)->UseRealTime();
BENCHMARK(launch_join_fss)->Name("launch_join/fss")->Apply(depth_args)->UseRealTime();

// ---- two threads logging into one logger (the _mt sink), 3-key context ------------------
// Each of the two benchmark threads logs from a fiber on a thread of its own.

std::shared_ptr<spdlog::logger> shared_logger;

template <who W>
void mt_setup(const benchmark::State&) {
    shared_logger = make_logger<std::mutex>(formatter_for(W));
}
void mt_teardown(const benchmark::State&) { shared_logger.reset(); }

template <who W>
void mt(benchmark::State& state) {
    in_fiber(state, [](benchmark::State& st) {
        put_context(W, keys_for_fixed_shapes);
        spdlog::logger& logger = *shared_logger;
        for (auto _ : st) logger.info("request handled in {} ms", 42);
    });
}

void mt_by_hand(benchmark::State& state) {
    in_fiber(state, [](benchmark::State& st) {
        const by_hand_context<keys_for_fixed_shapes> context;
        spdlog::logger& logger = *shared_logger;
        for (auto _ : st) context.log(logger, spdlog::level::info);
    });
}

#define FIBERLOG_MT(registration, setup, name) \
    registration->Name(name)->Setup(setup)->Teardown(mt_teardown)->Threads(2)->UseRealTime()

FIBERLOG_MT(BENCHMARK_TEMPLATE(mt, who::plain), mt_setup<who::plain>, "mt2/plain_spdlog");
FIBERLOG_MT(BENCHMARK(mt_by_hand), mt_setup<who::plain>, "mt2/by_hand");
FIBERLOG_MT(BENCHMARK_TEMPLATE(mt, who::mdc), mt_setup<who::mdc>, "mt2/mdc_thread_local");
FIBERLOG_MT(BENCHMARK_TEMPLATE(mt, who::fss), mt_setup<who::fss>, "mt2/fss");
FIBERLOG_MT(BENCHMARK_TEMPLATE(mt, who::fiberlog_pattern), mt_setup<who::fiberlog_pattern>,
            "mt2/fiberlog_pattern");
FIBERLOG_MT(BENCHMARK_TEMPLATE(mt, who::fiberlog_json), mt_setup<who::fiberlog_json>,
            "mt2/fiberlog_json");

// ---- asynchronous logging: the call site's cost, 3-key context --------------------------
// Every queue holds 8192 records and drops rather than blocks, so the figure is the call
// site, not the worker (which competes for the same 2 cores).

template <who W>
void async_spdlog(benchmark::State& state) {
    in_fiber(state, [](benchmark::State& st) {
        put_context(W, keys_for_fixed_shapes);
        auto pool = std::make_shared<spdlog::details::thread_pool>(8192, 1);
        auto logger = std::make_shared<spdlog::async_logger>(
            "bench", std::make_shared<formatting_sink<null_mutex>>(), pool,
            spdlog::async_overflow_policy::overrun_oldest);
        logger->set_formatter(formatter_for(W));
        for (auto _ : st) logger->info("request handled in {} ms", 42);
    });
}

void async_fiberlog(benchmark::State& state) {
    in_fiber(state, [](benchmark::State& st) {
        put_context(who::fiberlog_pattern, keys_for_fixed_shapes);
        auto sink = std::make_shared<fiberlog::sinks::async_sink>(
            std::make_shared<formatting_sink<null_mutex>>(),
            fiberlog::sinks::async_options{8192, fiberlog::sinks::overflow_policy::drop_oldest});
        auto logger = std::make_shared<spdlog::logger>("bench", sink);
        logger->set_formatter(formatter_for(who::fiberlog_pattern));
        for (auto _ : st) logger->info("request handled in {} ms", 42);
    });
}

BENCHMARK_TEMPLATE(async_spdlog, who::plain)->Name("async/plain_spdlog")->UseRealTime();
BENCHMARK_TEMPLATE(async_spdlog, who::mdc)->Name("async/mdc_thread_local")->UseRealTime();
BENCHMARK(async_fiberlog)->Name("async/fiberlog_async")->UseRealTime();

// ---- a disabled level, 3-key context -----------------------------------------------------

template <who W>
void disabled(benchmark::State& state) {
    in_fiber(state, [](benchmark::State& st) {
        put_context(W, keys_for_fixed_shapes);
        auto logger = make_logger<null_mutex>(formatter_for(W));
        logger->set_level(spdlog::level::info);
        for (auto _ : st) logger->debug("request handled in {} ms", 42);
    });
}

void disabled_by_hand(benchmark::State& state) {
    in_fiber(state, [](benchmark::State& st) {
        auto logger = make_logger<null_mutex>(formatter_for(who::plain));
        logger->set_level(spdlog::level::info);
        const by_hand_context<keys_for_fixed_shapes> context;
        for (auto _ : st) context.log(*logger, spdlog::level::debug);
    });
}

BENCHMARK_TEMPLATE(disabled, who::plain)->Name("disabled/plain_spdlog")->UseRealTime();
BENCHMARK(disabled_by_hand)->Name("disabled/by_hand")->UseRealTime();
BENCHMARK_TEMPLATE(disabled, who::mdc)->Name("disabled/mdc_thread_local")->UseRealTime();
BENCHMARK_TEMPLATE(disabled, who::fss)->Name("disabled/fss")->UseRealTime();
BENCHMARK_TEMPLATE(disabled, who::fiberlog_pattern)
    ->Name("disabled/fiberlog_pattern")
    ->UseRealTime();

}  // namespace
}  // namespace fiberlog::bench::alt
