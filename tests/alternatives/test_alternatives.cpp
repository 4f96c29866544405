// Why fiberlog exists: the two do-it-yourself contexts bench/alternatives compares it with
// (alt_contexts.hpp) print the wrong context where fibers are concerned, and fiberlog
// does not.
//   - spdlog 1.14's thread_local MDC: one map per thread, shared by every fiber on it, so a
//     line shows whichever fiber wrote that thread's map last.
//   - a map in a fiber_specific_ptr: right per fiber, but a child fiber starts without it.
//   - both, once formatting moves to a worker thread (spdlog's async_logger, or any async
//     sink): the flag reads the worker's map, which is empty.
// Each "wrong" assertion holds by construction, never by luck: the counts are bounds that
// follow from how many threads there are, not from how the fibers happened to run.
//
// Every logger writes `<the context its flag sees>|<the fiber's real request id>`, so a line
// is right exactly when it reads `request_id=<id>|<id>`.

#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include <boost/fiber/all.hpp>
#include <gtest/gtest.h>
#include <spdlog/async.h>
#include <spdlog/spdlog.h>

#include <fiberlog/fiberlog.hpp>
#include <fiberlog/spdlog.hpp>

#include "alt_contexts.hpp"
#include "capture_sink.hpp"
#include "support/fiber_env.hpp"

namespace fiberlog {
namespace {

using alternatives::alternative_formatter;
using alternatives::fss_put;
using alternatives::mdc;
using test::capture_sink;
using test::run_in_fibers;
using test::scheduler;

struct world {
    scheduler sched;
    unsigned threads;
};

std::string name(const world& w) {
    return test::name(w.sched) + "_" + std::to_string(w.threads) + "threads";
}
std::string world_name(const testing::TestParamInfo<world>& info) { return name(info.param); }
// Lets GoogleTest print a case by name.
void PrintTo(const world& w, std::ostream* os) { *os << name(w); }

const auto worlds = testing::Values(world{scheduler::work_stealing, 2},
                                    world{scheduler::shared_work, 2},
                                    world{scheduler::round_robin, 1});

// How the lines of one logger fared.
struct tally {
    int right = 0;
    int wrong = 0;
    std::set<std::string> right_ids;  // the fibers that got at least one right line
    std::string example_wrong;
};

tally check(const std::vector<std::string>& lines) {
    tally t;
    for (const std::string& line : lines) {
        const auto bar = line.rfind('|');
        const std::string id = line.substr(bar + 1);
        if (line.substr(0, bar) == "request_id=" + id) {
            ++t.right;
            t.right_ids.insert(id);
        } else {
            ++t.wrong;
            if (t.example_wrong.empty()) t.example_wrong = line;
        }
    }
    return t;
}

struct captured {
    std::shared_ptr<capture_sink> sink = std::make_shared<capture_sink>();
    std::shared_ptr<spdlog::logger> logger;
};

captured sync_logger(std::unique_ptr<spdlog::formatter> formatter) {
    captured c;
    c.logger = std::make_shared<spdlog::logger>("sync", c.sink);
    c.logger->set_formatter(std::move(formatter));
    return c;
}

// Each way of carrying the context, set for this fiber.
void put_everywhere(const std::string& id) {
    mdc::put("request_id", id);
    fss_put("request_id", id);
    fiberlog::put("request_id", id);
}

std::string request(int i) { return "req-" + std::to_string(i); }

class sync_sinks : public testing::TestWithParam<world> {};
class async_logging : public testing::TestWithParam<world> {};

// Every fiber puts its id, then all wait until all have put, then log three times with
// yields in between (fibers interleave, and migrate under shared_work/work_stealing). A
// thread's MDC holds the id its last put wrote, so at most one fiber per thread can ever see
// its own: with 64 fibers on at most 2 threads, at least 62 of them see another's.
TEST_P(sync_sinks, thread_local_mdc_shows_another_fibers_context) {
    constexpr int fibers = 64;
    constexpr int rounds = 3;
    auto mdc_log = sync_logger(alternative_formatter("%&|%v"));
    auto fss_log = sync_logger(alternative_formatter("%~|%v"));
    auto fiberlog_log = sync_logger(pattern_formatter("%K|%v"));

    run_in_fibers(GetParam().sched, GetParam().threads, [&] {
        boost::fibers::barrier all_put(fibers);
        std::vector<boost::fibers::fiber> running;
        for (int i = 0; i < fibers; ++i) {
            running.emplace_back([&, i] {
                const std::string id = request(i);
                put_everywhere(id);
                all_put.wait();
                for (int round = 0; round < rounds; ++round) {
                    boost::this_fiber::yield();
                    mdc_log.logger->info("{}", id);
                    fss_log.logger->info("{}", id);
                    fiberlog_log.logger->info("{}", id);
                }
            });
        }
        for (auto& f : running) f.join();
    });

    const tally fl = check(fiberlog_log.sink->lines());
    EXPECT_EQ(fl.right, fibers * rounds) << fl.example_wrong;
    EXPECT_EQ(fl.wrong, 0) << fl.example_wrong;

    const tally tl = check(mdc_log.sink->lines());
    const auto threads = static_cast<int>(GetParam().threads);
    EXPECT_LE(static_cast<int>(tl.right_ids.size()), threads);
    EXPECT_GE(tl.wrong, (fibers - threads) * rounds);
    EXPECT_EQ(tl.right + tl.wrong, fibers * rounds);

    // Per fiber, and formatted on the logging fiber: right, as long as nothing else is asked.
    const tally fs = check(fss_log.sink->lines());
    EXPECT_EQ(fs.wrong, 0) << fs.example_wrong;
}

// A child fiber starts with no fiber_specific_ptr value: every child's line lacks the
// request id its parent set. fiberlog's child inherits it.
TEST_P(sync_sinks, fiber_specific_ptr_is_not_inherited_by_a_child_fiber) {
    constexpr int fibers = 16;
    auto fss_log = sync_logger(alternative_formatter("%~|%v"));
    auto fiberlog_log = sync_logger(pattern_formatter("%K|%v"));

    run_in_fibers(GetParam().sched, GetParam().threads, [&] {
        std::vector<boost::fibers::fiber> running;
        for (int i = 0; i < fibers; ++i) {
            running.emplace_back([&, i] {
                const std::string id = request(i);
                put_everywhere(id);
                boost::fibers::fiber{[&] {
                    boost::this_fiber::yield();
                    fss_log.logger->info("{}", id);
                    fiberlog_log.logger->info("{}", id);
                }}.join();
            });
        }
        for (auto& f : running) f.join();
    });

    const tally fs = check(fss_log.sink->lines());
    EXPECT_EQ(fs.right, 0);
    EXPECT_EQ(fs.wrong, fibers);
    const tally fl = check(fiberlog_log.sink->lines());
    EXPECT_EQ(fl.right, fibers) << fl.example_wrong;
}

// spdlog's async_logger formats on its worker thread, which never put anything: the MDC and
// fiber_specific_ptr flags print an empty context on every line, and so do fiberlog's own
// flags there (the reason for fiberlog::sinks::async_sink). async_sink captures fiberlog's
// context at the call site and is right on every line; the MDC and fiber_specific_ptr
// flags, formatted on its worker too, are still wrong.
TEST_P(async_logging, formatting_on_a_worker_thread_loses_the_fibers_context) {
    constexpr int fibers = 32;
    auto pool = std::make_shared<spdlog::details::thread_pool>(1024, 1);
    auto via_async_logger = [&](std::unique_ptr<spdlog::formatter> formatter) {
        captured c;
        c.logger = std::make_shared<spdlog::async_logger>("async", c.sink, pool);
        c.logger->set_formatter(std::move(formatter));
        return c;
    };
    auto via_async_sink = [&](std::unique_ptr<spdlog::formatter> formatter) {
        captured c;
        c.logger = std::make_shared<spdlog::logger>(
            "async", std::make_shared<sinks::async_sink>(c.sink));
        c.logger->set_formatter(std::move(formatter));
        return c;
    };
    std::vector<captured> spdlog_async = {via_async_logger(alternative_formatter("%&|%v")),
                                          via_async_logger(alternative_formatter("%~|%v")),
                                          via_async_logger(pattern_formatter("%K|%v"))};
    std::vector<captured> fiberlog_async = {via_async_sink(alternative_formatter("%&|%v")),
                                            via_async_sink(alternative_formatter("%~|%v")),
                                            via_async_sink(pattern_formatter("%K|%v"))};

    run_in_fibers(GetParam().sched, GetParam().threads, [&] {
        std::vector<boost::fibers::fiber> running;
        for (int i = 0; i < fibers; ++i) {
            running.emplace_back([&, i] {
                const std::string id = request(i);
                put_everywhere(id);
                boost::this_fiber::yield();
                for (auto& c : spdlog_async) c.logger->info("{}", id);
                for (auto& c : fiberlog_async) c.logger->info("{}", id);
            });
        }
        for (auto& f : running) f.join();
    });
    for (auto& c : fiberlog_async) c.logger->flush();
    // The pool's destructor processes every queued record before its worker ends.
    std::vector<std::shared_ptr<capture_sink>> spdlog_sinks;
    for (auto& c : spdlog_async) spdlog_sinks.push_back(c.sink);
    spdlog_async.clear();
    pool.reset();

    const char* what[] = {"thread_local MDC", "fiber_specific_ptr", "fiberlog flags"};
    for (int i = 0; i < 3; ++i) {
        const tally t = check(spdlog_sinks[i]->lines());
        EXPECT_EQ(t.right, 0) << what[i] << " through spdlog's async_logger";
        EXPECT_EQ(t.wrong, fibers) << what[i] << " through spdlog's async_logger";
    }
    for (int i = 0; i < 2; ++i) {
        const tally t = check(fiberlog_async[i].sink->lines());
        EXPECT_EQ(t.right, 0) << what[i] << " through fiberlog's async_sink";
        EXPECT_EQ(t.wrong, fibers) << what[i] << " through fiberlog's async_sink";
    }
    const tally fl = check(fiberlog_async[2].sink->lines());
    EXPECT_EQ(fl.right, fibers) << fl.example_wrong;
    EXPECT_EQ(fl.wrong, 0) << fl.example_wrong;
}

INSTANTIATE_TEST_SUITE_P(alternatives, sync_sinks, worlds, world_name);
INSTANTIATE_TEST_SUITE_P(alternatives, async_logging, worlds, world_name);

}  // namespace
}  // namespace fiberlog
