// The demo: a small service handles concurrent requests on fibers spread over 2 threads by
// work_stealing. Each request puts its id and user in its context once; the sub-task fibers
// it launches inherit them, and so does every line they log -- including the lines of a
// library that knows nothing of fiberlog (tests/thirdparty). Lines go to the console as
// text and to a file as JSON lines, through one async sink that keeps each line's context.
//
//   demo [requests] [file]        defaults: 6 requests, demo.jsonl
//   fiberlog-tail --by request_id demo.jsonl     then reads it back, one request at a time

#include <chrono>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include <boost/fiber/all.hpp>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <fiberlog/fiberlog.hpp>
#include <fiberlog/spdlog.hpp>

#include "worker.hpp"  // the "third-party" library

namespace {

using namespace std::chrono_literals;

// Simulated I/O: the fiber sleeps, the thread runs other fibers (and may steal this one).
void io(std::chrono::milliseconds typical) {
    thread_local std::minstd_rand rng{std::random_device{}()};
    boost::this_fiber::sleep_for(typical / 2 + std::chrono::milliseconds(rng() % typical.count()));
}

void load_orders() {
    fiberlog::scoped step{"step", "orders"};
    spdlog::debug("querying orders");
    io(20ms);
    thirdparty::do_work("inventory lookup");
    spdlog::info("loaded {} orders", 3);
}

void load_profile() {
    fiberlog::scoped step{"step", "profile"};
    io(10ms);
    spdlog::info("loaded profile");
}

void handle_request(int n) {
    static const char* const users[] = {"alice", "bob", "carol", "dave"};
    fiberlog::put("request_id", "req-" + std::to_string(1000 + n));
    fiberlog::put("user", users[n % 4]);
    const auto start = std::chrono::steady_clock::now();
    spdlog::info("GET /users/{}/orders", users[n % 4]);

    boost::fibers::fiber orders(load_orders);
    boost::fibers::fiber profile(load_profile);
    orders.join();
    profile.join();

    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    fiberlog::put("status", 200);
    spdlog::info("done in {} ms", took.count());
}

std::shared_ptr<spdlog::logger> make_logger(const std::string& path) {
    auto console = std::make_shared<spdlog::sinks::stdout_color_sink_mt>();
    console->set_formatter(fiberlog::pattern_formatter());  // fiberlog::default_pattern
    auto file = std::make_shared<spdlog::sinks::basic_file_sink_mt>(path, /*truncate=*/true);
    file->set_formatter(fiberlog::json_formatter());
    fiberlog::sinks::async_options options;
    options.keep_sink_formatters = true;  // text on the console, JSON in the file
    auto async = std::make_shared<fiberlog::sinks::async_sink>(
        std::vector<spdlog::sink_ptr>{console, file}, options);
    auto logger = std::make_shared<spdlog::logger>("demo", async);
    logger->set_level(spdlog::level::debug);
    return logger;
}

}  // namespace

int main(int argc, char** argv) {
    const int requests = argc > 1 ? std::atoi(argv[1]) : 6;
    const std::string path = argc > 2 ? argv[2] : "demo.jsonl";

    spdlog::set_default_logger(make_logger(path));
    fiberlog::install();  // loggers created later (the library's own) get fiberlog's format

    {
        // This thread and one more share the fibers; an idle one steals from the other.
        fiberlog::scheduler_threads<fiberlog::algo::work_stealing> pool{2};
        std::vector<boost::fibers::fiber> handlers;
        for (int n = 0; n < requests; ++n) handlers.emplace_back(handle_request, n);
        for (auto& h : handlers) h.join();
    }

    spdlog::info("served {} requests; the JSON lines are in {}", requests, path);
    spdlog::shutdown();  // drains the async sink
}
