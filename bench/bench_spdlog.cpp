// The cost of an annotated spdlog line, next to plain spdlog in the same run.
//
// Every logger writes through the same formatting sink (it formats each record into a
// buffer and drops the bytes: null_sink would skip formatting, which is the cost that
// matters), with spdlog's default prefix `[%Y-%m-%d %H:%M:%S.%e] [%n] [%l]` in front.
// All lines are logged from a fiber under fiberlog's round_robin with a 3-key context.

#include <memory>

#include <spdlog/async.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/spdlog.h>

#include <fiberlog/spdlog.hpp>
#include <fiberlog/trace.hpp>

#include "bench_support.hpp"
#include "formatting_sink.hpp"

namespace {

using fiberlog::bench::formatting_sink;
using fiberlog::bench::on_scheduler;
using fiberlog::bench::put_three_keys;

constexpr const char* prefix = "[%Y-%m-%d %H:%M:%S.%e] [%n] [%l] ";

std::shared_ptr<spdlog::logger> make_logger(std::unique_ptr<spdlog::formatter> formatter) {
    auto logger = std::make_shared<spdlog::logger>(
        "bench", std::make_shared<formatting_sink<spdlog::details::null_mutex>>());
    logger->set_formatter(std::move(formatter));
    return logger;
}

std::unique_ptr<spdlog::formatter> plain_formatter() {
    return std::make_unique<spdlog::pattern_formatter>(std::string(prefix) + "%v");
}

// Runs `body` in a fiber that has the 3-key context.
template <class Body>
void in_request_fiber(benchmark::State& state, Body body) {
    on_scheduler<fiberlog::algo::round_robin>(state, [&](benchmark::State& st) {
        put_three_keys();
        boost::fibers::fiber{[&] { body(st); }}.join();
    });
}

void plain(benchmark::State& state) {
    in_request_fiber(state, [](benchmark::State& st) {
        auto logger = make_logger(plain_formatter());
        for (auto _ : st) logger->info("request handled in {} ms", 42);
    });
}
BENCHMARK(plain)->Name("line/plain_spdlog")->UseRealTime();

// The same bytes the annotated line has, passed by hand as format arguments.
void literal_arguments(benchmark::State& state) {
    in_request_fiber(state, [](benchmark::State& st) {
        auto logger = make_logger(plain_formatter());
        const auto id = fiberlog::fiber_id();
        const auto parent = fiberlog::parent_id();
        for (auto _ : st)
            logger->info("[{}/{}] request_id={} user={} attempt={} request handled in {} ms", id,
                         parent, "7f3a9c2e-5b1d", "alice", 2, 42);
    });
}
BENCHMARK(literal_arguments)->Name("line/plain_spdlog_same_bytes_as_arguments")->UseRealTime();

void annotated(benchmark::State& state) {
    in_request_fiber(state, [](benchmark::State& st) {
        auto logger = make_logger(fiberlog::pattern_formatter(std::string(prefix) + "[%G/%J] %K %v"));
        for (auto _ : st) logger->info("request handled in {} ms", 42);
    });
}
BENCHMARK(annotated)->Name("line/fiberlog_pattern")->UseRealTime();

constexpr const char* caller = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

// In a trace, with the trace and span ids in the line.
void annotated_traced(benchmark::State& state) {
    in_request_fiber(state, [](benchmark::State& st) {
        fiberlog::trace_scope scope{caller};
        auto logger = make_logger(
            fiberlog::pattern_formatter(std::string(prefix) + "[%G/%J] [%U/%V] %K %v"));
        for (auto _ : st) logger->info("request handled in {} ms", 42);
    });
}
BENCHMARK(annotated_traced)->Name("line/fiberlog_pattern_traced")->UseRealTime();

void json_traced(benchmark::State& state) {
    in_request_fiber(state, [](benchmark::State& st) {
        fiberlog::trace_scope scope{caller};
        auto logger = make_logger(fiberlog::json_formatter());
        for (auto _ : st) logger->info("request handled in {} ms", 42);
    });
}
BENCHMARK(json_traced)->Name("line/fiberlog_json_traced")->UseRealTime();

void json(benchmark::State& state) {
    in_request_fiber(state, [](benchmark::State& st) {
        auto logger = make_logger(fiberlog::json_formatter());
        for (auto _ : st) logger->info("request handled in {} ms", 42);
    });
}
BENCHMARK(json)->Name("line/fiberlog_json")->UseRealTime();

template <bool Fiberlog>
void disabled(benchmark::State& state) {
    in_request_fiber(state, [](benchmark::State& st) {
        auto logger = make_logger(Fiberlog ? fiberlog::pattern_formatter() : plain_formatter());
        logger->set_level(spdlog::level::info);
        for (auto _ : st) logger->debug("request handled in {} ms", 42);
    });
}
BENCHMARK(disabled<false>)->Name("disabled/plain_spdlog")->UseRealTime();
BENCHMARK(disabled<true>)->Name("disabled/fiberlog_pattern")->UseRealTime();

// Call-site latency of asynchronous logging: the time the logging fiber spends per line.
// Both queues drop rather than block, so the figure is the call site, not the worker.
void spdlog_async_logger(benchmark::State& state) {
    in_request_fiber(state, [](benchmark::State& st) {
        auto pool = std::make_shared<spdlog::details::thread_pool>(8192, 1);
        auto logger = std::make_shared<spdlog::async_logger>(
            "bench", std::make_shared<formatting_sink<std::mutex>>(), pool,
            spdlog::async_overflow_policy::overrun_oldest);
        logger->set_formatter(plain_formatter());
        for (auto _ : st) logger->info("request handled in {} ms", 42);
    });
}
BENCHMARK(spdlog_async_logger)->Name("async_call_site/spdlog_async_logger")->UseRealTime();

void fiberlog_async_sink(benchmark::State& state) {
    in_request_fiber(state, [](benchmark::State& st) {
        auto sink = std::make_shared<fiberlog::sinks::async_sink>(
            std::make_shared<formatting_sink<spdlog::details::null_mutex>>(),
            fiberlog::sinks::async_options{8192, fiberlog::sinks::overflow_policy::drop_oldest});
        auto logger = std::make_shared<spdlog::logger>("bench", sink);
        logger->set_formatter(fiberlog::pattern_formatter(std::string(prefix) + "[%G/%J] %K %v"));
        for (auto _ : st) logger->info("request handled in {} ms", 42);
    });
}
BENCHMARK(fiberlog_async_sink)->Name("async_call_site/fiberlog_async_sink")->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
