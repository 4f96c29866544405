// A library that knows nothing of fiberlog (tests/thirdparty) logs from fibers with
// different contexts; after one fiberlog::install() call every line it writes carries the
// fiber id and context of the fiber that called it -- through sync and async sinks.

#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include <boost/fiber/all.hpp>
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <fiberlog/fiberlog.hpp>
#include <fiberlog/spdlog.hpp>

#include "capture_sink.hpp"
#include "support/fiber_env.hpp"
#include "worker.hpp"

namespace fiberlog {
namespace {

constexpr int jobs = 64;

enum class delivery { sync, async };

// Runs `jobs` fibers on 2 work-stealing threads; fiber i puts job=i, yields (so it may
// migrate) and calls the third-party library. Returns each job's fiber id.
std::vector<std::uint64_t> run_jobs() {
    std::vector<std::uint64_t> ids(jobs);
    test::run_in_fibers(test::scheduler::work_stealing, 2, [&] {
        std::vector<boost::fibers::fiber> fibers;
        for (int i = 0; i < jobs; ++i)
            fibers.emplace_back([&ids, i] {
                put("job", i);
                ids[static_cast<std::size_t>(i)] = fiber_id();
                boost::this_fiber::yield();
                thirdparty::do_work("job-" + std::to_string(i));
            });
        for (auto& f : fibers) f.join();
    });
    return ids;
}

class thirdparty_annotation : public ::testing::TestWithParam<delivery> {
protected:
    void SetUp() override {
        spdlog::drop_all();
        capture_ = std::make_shared<test::capture_sink>();
        spdlog::sink_ptr sink = capture_;
        if (GetParam() == delivery::async)
            sink = std::make_shared<sinks::async_sink>(sink);
        spdlog::set_default_logger(std::make_shared<spdlog::logger>("app", sink));
        install("%G|%K|%n|%v");  // the one line an existing program adds
    }
    void TearDown() override { spdlog::drop_all(); }

    std::shared_ptr<test::capture_sink> capture_;
};

TEST_P(thirdparty_annotation, every_line_carries_its_fibers_id_and_context) {
    const std::vector<std::uint64_t> ids = run_jobs();
    spdlog::default_logger()->flush();

    std::map<std::string, int> seen;  // "<logger> <message>" -> count
    for (const std::string& line : capture_->lines()) {
        std::istringstream in(line);
        std::string fiber, ctx, logger, msg;
        std::getline(in, fiber, '|');
        std::getline(in, ctx, '|');
        std::getline(in, logger, '|');
        std::getline(in, msg);
        const int job = std::stoi(ctx.substr(ctx.find('=') + 1));
        ASSERT_EQ(ctx, "job=" + std::to_string(job)) << line;
        EXPECT_EQ(fiber, std::to_string(ids.at(static_cast<std::size_t>(job)))) << line;
        EXPECT_EQ(msg.substr(0, msg.find(' ')), "job-" + std::to_string(job)) << line;
        ++seen[logger + " " + msg];
    }
    EXPECT_EQ(seen.size(), 2u * jobs);
    for (int i = 0; i < jobs; ++i) {
        EXPECT_EQ(seen["app job-" + std::to_string(i) + " started"], 1);
        EXPECT_EQ(seen["thirdparty job-" + std::to_string(i) + " done"], 1);
    }
}

INSTANTIATE_TEST_SUITE_P(sinks, thirdparty_annotation,
                         ::testing::Values(delivery::sync, delivery::async),
                         [](const auto& param_info) {
                             return param_info.param == delivery::sync ? "sync" : "async";
                         });

}  // namespace
}  // namespace fiberlog
