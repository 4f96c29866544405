// drain_on_crash: a process that crashes with records still queued in an async_sink writes
// every one of them, in order and whole, and still dies of the original signal. Each case
// runs fault_crash_child (crash_child.cpp) as a child process: 3000 records into a file sink
// slowed down to 100 us a record, then the crash, right after the last log() returned.

#include <signal.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>

#include <fiberlog/spdlog.hpp>

#include "child_process.hpp"
#include "temp_dir.hpp"

namespace {

using fiberlog::test::child_result;

// The sanitizers' own handlers for these signals would report the crash and end the process
// their way (ASan: exit 1, or abort with abort_on_error=1) instead of the default action the
// tests check; the chaining to an earlier handler is tested with the child's own (`chain`).
std::vector<std::string> child_environment() {
    const std::string off = "handle_segv=0:handle_sigbus=0:handle_sigfpe=0:handle_sigill=0:"
                            "handle_abort=0";
    std::vector<std::string> env;
    for (const char* name : {"ASAN_OPTIONS", "TSAN_OPTIONS", "UBSAN_OPTIONS"}) {
        const char* now = std::getenv(name);
        env.push_back(std::string(name) + "=" + (now != nullptr ? std::string(now) + ":" : "") + off);
    }
    return env;
}

struct crashed {
    child_result child;
    std::vector<std::string> lines;   // the file's complete lines
    std::string tail;                 // what follows the last newline (a torn line)
};

std::vector<std::string> read_lines(const std::string& path, std::string& tail) {
    std::ifstream in(path, std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::string> lines;
    std::size_t start = 0;
    for (std::size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1)
        lines.push_back(text.substr(start, nl - start));
    tail = text.substr(start);
    return lines;
}

crashed crash(const fiberlog::tail::test::temp_dir& dir, const std::string& mode) {
    crashed c;
    c.child = fiberlog::test::run_child({FIBERLOG_CRASH_CHILD, mode, dir.file("app.log")}, -1,
                                        child_environment());
    EXPECT_FALSE(c.child.hung) << "the child hung and was killed; stderr: " << c.child.err;
    c.lines = read_lines(dir.file("app.log"), c.tail);
    return c;
}

const std::string padding(60, 'x');

// Exactly "record 0 <padding>" ... "record 2999 <padding>", in order, nothing torn.
void expect_every_record(const crashed& c) {
    ASSERT_EQ(c.lines.size(), 3000u) << "stderr: " << c.child.err;
    for (int i = 0; i < 3000; ++i)
        ASSERT_EQ(c.lines[static_cast<std::size_t>(i)], "record " + std::to_string(i) + " " + padding)
            << "line " << i;
    EXPECT_EQ(c.tail, "");
}

void expect_killed_by(const crashed& c, int sig) {
    ASSERT_TRUE(WIFSIGNALED(c.child.status))
        << "status " << c.child.status << "; stderr: " << c.child.err;
    EXPECT_EQ(WTERMSIG(c.child.status), sig) << strsignal(WTERMSIG(c.child.status));
}

class crash_drain : public ::testing::Test {
protected:
    fiberlog::tail::test::temp_dir dir_;
};

// Each fatal signal, raised the way a program really dies of it: every record written, and
// the child killed by that signal.
struct fatal_case {
    const char* name;  // the test's name
    const char* mode;  // crash_child's mode
    int signal;
};

class crash_drain_on_signal : public ::testing::TestWithParam<fatal_case> {
protected:
    fiberlog::tail::test::temp_dir dir_;
};

TEST_P(crash_drain_on_signal, writes_every_record_and_dies_of_the_signal) {
    const crashed c = crash(dir_, GetParam().mode);
    expect_every_record(c);
    expect_killed_by(c, GetParam().signal);
}

INSTANTIATE_TEST_SUITE_P(
    fatal, crash_drain_on_signal,
    ::testing::Values(fatal_case{"null_dereference_sigsegv", "segv", SIGSEGV},
                      fatal_case{"abort_sigabrt", "abort", SIGABRT},
                      fatal_case{"division_by_zero_sigfpe", "fpe", SIGFPE},
                      fatal_case{"illegal_instruction_sigill", "ill", SIGILL},
                      fatal_case{"bus_error_sigbus", "bus", SIGBUS}),
    [](const ::testing::TestParamInfo<fatal_case>& param_info) {
        return std::string(param_info.param.name);
    });

TEST_F(crash_drain, without_it_the_same_crash_loses_queued_records) {
    // The control for every case here: the slow sink really has records queued when the
    // child crashes, so a drain that did nothing would fail them.
    const crashed c = crash(dir_, "nodrain");
    expect_killed_by(c, SIGSEGV);
    EXPECT_LT(c.lines.size(), 3000u);
}

TEST_F(crash_drain, an_uncaught_exception_writes_every_record_then_terminate_goes_on_as_before) {
    const crashed c = crash(dir_, "throw");
    expect_every_record(c);
    expect_killed_by(c, SIGABRT);
    // The terminate handler that was there before (libstdc++'s) still runs.
    EXPECT_NE(c.child.err.find("terminate called after throwing an instance of 'std::runtime_error'"),
              std::string::npos)
        << c.child.err;
    EXPECT_NE(c.child.err.find("uncaught in fault_crash_child"), std::string::npos) << c.child.err;
}

TEST_F(crash_drain, the_previous_handler_runs_after_the_drain) {
    const crashed c = crash(dir_, "chain");
    expect_every_record(c);
    expect_killed_by(c, SIGSEGV);
    EXPECT_NE(c.child.err.find("previous handler saw 3000 lines\n"), std::string::npos)
        << c.child.err;
}

TEST_F(crash_drain, every_opted_in_sink_is_drained) {
    const crashed first = crash(dir_, "two");
    expect_every_record(first);
    expect_killed_by(first, SIGSEGV);
    crashed second;
    second.lines = read_lines(dir_.file("app.log.2"), second.tail);
    second.child = first.child;
    expect_every_record(second);
}

TEST_F(crash_drain, fibers_on_two_threads_keep_their_order) {
    const crashed c = crash(dir_, "fibers");
    expect_killed_by(c, SIGSEGV);
    ASSERT_EQ(c.lines.size(), 3000u) << c.child.err;
    EXPECT_EQ(c.tail, "");
    std::vector<int> next(30, 0);
    for (const std::string& line : c.lines) {
        int fiber = -1, record = -1;
        char rest[128] = {};
        ASSERT_EQ(std::sscanf(line.c_str(), "fiber %d record %d %127s", &fiber, &record, rest), 3)
            << line;
        ASSERT_TRUE(fiber >= 0 && fiber < 30) << line;
        EXPECT_EQ(record, next[static_cast<std::size_t>(fiber)]++) << line;
        EXPECT_EQ(rest, padding) << line;
    }
}

TEST_F(crash_drain, a_stuck_sink_is_given_up_after_its_timeout) {
    // The wrapped sink blocks forever in record 1000; with a 300 ms timeout the process
    // still dies of its signal. The file holds a prefix, as stdio had flushed it.
    const crashed c = crash(dir_, "stuck");
    expect_killed_by(c, SIGSEGV);
    EXPECT_LT(c.lines.size(), 1000u);
    for (std::size_t i = 0; i < c.lines.size(); ++i)
        ASSERT_EQ(c.lines[i], "record " + std::to_string(i) + " " + padding);
}

TEST_F(crash_drain, a_crash_on_the_worker_itself_does_not_wait_for_it) {
    // The wrapped sink crashes on the worker thread; its timeout is an hour, so a handler
    // that waited for that worker would hang until the safety net kills the child.
    const crashed c = crash(dir_, "worker");
    expect_killed_by(c, SIGSEGV);
    EXPECT_FALSE(c.child.hung);
}

TEST(crash_drain_options, at_most_64_sinks_drain_on_crash_and_a_negative_timeout_is_rejected) {
    fiberlog::sinks::async_options options;
    options.drain_on_crash = true;
    auto null = std::make_shared<spdlog::sinks::null_sink_st>();
    std::vector<std::unique_ptr<fiberlog::sinks::async_sink>> sinks;
    for (int i = 0; i < 64; ++i)
        sinks.push_back(std::make_unique<fiberlog::sinks::async_sink>(null, options));
    EXPECT_THROW(fiberlog::sinks::async_sink(null, options), std::length_error);
    sinks.pop_back();  // frees a place
    EXPECT_NO_THROW(fiberlog::sinks::async_sink(null, options));
    options.drain_on_crash = false;  // unlimited
    EXPECT_NO_THROW(fiberlog::sinks::async_sink(null, options));

    options.drain_on_crash_timeout = std::chrono::milliseconds(-1);
    EXPECT_THROW(fiberlog::sinks::async_sink(null, options), std::invalid_argument);
}

}  // namespace
