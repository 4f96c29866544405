// Fixed-count loops for bench/instructions/run.sh, which counts their instructions with
// callgrind: an exact, repeatable figure on a shared machine, next to Google Benchmark's
// times. usage: instruction_loops (launch_join|launch_join_traced|yield|get|line|line_traced)
// (boost|fiberlog) COUNT
// `get` reads one of three keys inside a fiber: fiberlog::get against Boost's
// fiber_specific_ptr::get with three slots set. `line` logs a line through spdlog from a fiber
// (bench_spdlog's line, formatted and dropped): plain spdlog against fiberlog's pattern with
// `[%G/%J] %K` (`line_traced`: in a trace, with `[%U/%V]` too).

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include <boost/fiber/all.hpp>
#include <spdlog/spdlog.h>

#include <fiberlog/fiberlog.hpp>
#include <fiberlog/spdlog.hpp>

#include "../formatting_sink.hpp"

namespace {

void launch_join(int count) {
    for (int i = 0; i < count; ++i) boost::fibers::fiber([] {}).join();
}

// launch_join in a trace: each child gets a span of its own (Boost's loop is the same as
// launch_join's, for the side-by-side figure).
void launch_join_traced(bool fiberlog, int count) {
    if (!fiberlog) return launch_join(count);
    fiberlog::trace_scope scope{"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"};
    launch_join(count);
}

void yield(int count) {
    bool stop = false;
    boost::fibers::fiber partner{[&] {
        while (!stop) boost::this_fiber::yield();
    }};
    for (int i = 0; i < count; ++i) boost::this_fiber::yield();
    stop = true;
    partner.join();
}

// Keeps a result alive without a library: the compiler must assume the asm reads it.
template <class T>
void keep(const T& result) {
    asm volatile("" : : "r"(&result) : "memory");
}

void get(bool fiberlog, int count) {
    boost::fibers::fiber([=] {
        if (fiberlog) {
            for (int i = 0; i < count; ++i) keep(fiberlog::get("user"));
            return;
        }
        static boost::fibers::fiber_specific_ptr<std::string> a, b, c;
        a.reset(new std::string("7f3a9c2e-5b1d"));
        b.reset(new std::string("alice"));
        c.reset(new std::string("2"));
        for (int i = 0; i < count; ++i) keep(b.get());
    }).join();
}

constexpr const char* caller = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

void line(bool fiberlog, bool traced, int count) {
    const std::string prefix = "[%Y-%m-%d %H:%M:%S.%e] [%n] [%l] ";
    std::unique_ptr<spdlog::formatter> formatter;
    if (!fiberlog) {
        formatter = std::make_unique<spdlog::pattern_formatter>(prefix + "%v");
    } else {
        formatter = fiberlog::pattern_formatter(
            prefix + (traced ? "[%G/%J] [%U/%V] %K %v" : "[%G/%J] %K %v"));
    }
    spdlog::logger logger(
        "bench", std::make_shared<fiberlog::bench::formatting_sink<spdlog::details::null_mutex>>());
    logger.set_formatter(std::move(formatter));
    std::optional<fiberlog::trace_scope> scope;
    if (fiberlog && traced) scope.emplace(caller);
    boost::fibers::fiber([&] {
        for (int i = 0; i < count; ++i) logger.info("request handled in {} ms", 42);
    }).join();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: instruction_loops "
                     "(launch_join|launch_join_traced|yield|get|line|line_traced) "
                     "(boost|fiberlog) COUNT\n";
        return 2;
    }
    const bool fiberlog = std::strcmp(argv[2], "fiberlog") == 0;
    const int count = std::atoi(argv[3]);
    if (fiberlog) {
        boost::fibers::use_scheduling_algorithm<fiberlog::algo::round_robin>();
        fiberlog::put("request_id", "7f3a9c2e-5b1d");  // the 3-key context of the goals
        fiberlog::put("user", "alice");
        fiberlog::put("attempt", 2);
    } else {
        boost::fibers::use_scheduling_algorithm<boost::fibers::algo::round_robin>();
    }
    if (std::strcmp(argv[1], "launch_join") == 0) launch_join(count);
    else if (std::strcmp(argv[1], "launch_join_traced") == 0) launch_join_traced(fiberlog, count);
    else if (std::strcmp(argv[1], "get") == 0) get(fiberlog, count);
    else if (std::strcmp(argv[1], "line") == 0) line(fiberlog, false, count);
    else if (std::strcmp(argv[1], "line_traced") == 0) line(fiberlog, true, count);
    else yield(count);
}
