// fiberlog-tail --follow when the followed file goes away: removed outright (not renamed),
// and truncated in place under a writer that keeps appending (logrotate's copytruncate, with
// spdlog's basic_file_sink, which opens with O_APPEND). tests/tail/test_tail_follow.cpp covers
// rotation by rename and a rewrite shorter than before. Every wait is bounded.

#include <unistd.h>

#include <csignal>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/spdlog.h>

#include <fiberlog/fiberlog.hpp>
#include <fiberlog/spdlog.hpp>

#include "log_writer.hpp"
#include "tail_process.hpp"
#include "temp_dir.hpp"

namespace {

using namespace fiberlog::tail::test;

std::string line(std::uint64_t fiber, const std::string& msg) {
    log_line l;
    l.fiber = fiber;
    l.msg = msg;
    return json_line(l) + "\n";
}

// Longer than a few polls of fiberlog-tail (150 ms).
void let_it_poll() { std::this_thread::sleep_for(std::chrono::milliseconds(600)); }

TEST(fault_tail_follow, a_removed_file_is_waited_for_and_read_again_when_recreated) {
    temp_dir dir;
    const std::string log = dir.file("app.log");
    dir.write("app.log", line(1, "before removal"));
    tail_process tail({"--follow", log});
    ASSERT_TRUE(tail.wait_for("before removal"));
    ASSERT_EQ(::unlink(log.c_str()), 0);
    let_it_poll();
    let_it_poll();
    dir.write("app.log", line(2, "after recreation"));
    ASSERT_TRUE(tail.wait_for("after recreation"));
    EXPECT_FALSE(tail.wait_for("before removal", 2, std::chrono::milliseconds(0)));
    std::string err;
    EXPECT_EQ(tail.stop(&err), 128 + SIGTERM);  // tail's status when stopped
    EXPECT_EQ(err, "");
}

TEST(fault_tail_follow, copytruncate_under_an_appending_spdlog_writer_loses_no_later_line) {
    temp_dir dir;
    const std::string log = dir.file("app.jsonl");
    auto file = std::make_shared<spdlog::sinks::basic_file_sink_mt>(log);
    auto async = std::make_shared<fiberlog::sinks::async_sink>(file);
    spdlog::logger logger("app", async);
    logger.set_formatter(fiberlog::json_formatter());
    fiberlog::scoped s{"request_id", "r-1"};
    for (int i = 0; i < 50; ++i) logger.info("old {}", i);
    logger.flush();

    tail_process tail({"--follow", log});
    ASSERT_TRUE(tail.wait_for("old 49"));
    ASSERT_EQ(::truncate(log.c_str(), 0), 0);  // copytruncate: the writer keeps its fd
    let_it_poll();
    for (int i = 0; i < 5; ++i) logger.info("new {}", i);
    logger.flush();
    ASSERT_TRUE(tail.wait_for("new 4"));
    for (int i = 0; i < 5; ++i) EXPECT_NE(tail.out().find("new " + std::to_string(i)), std::string::npos);
    EXPECT_FALSE(tail.wait_for("old 0", 2, std::chrono::milliseconds(0)));
    std::string err;
    EXPECT_EQ(tail.stop(&err), 128 + SIGTERM);  // tail's status when stopped
    EXPECT_EQ(err, "");
    EXPECT_EQ(async->failed(), 0u);
}

}  // namespace
