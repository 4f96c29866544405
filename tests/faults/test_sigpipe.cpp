// SIGPIPE: a program logs to a stdout pipe whose reader has gone (`app | head -1`).
// fiberlog installs no handler for SIGPIPE and changes no signal mask: what happens is the
// application's choice, as for any Unix program.
//  - SIGPIPE at its default: the process is killed by SIGPIPE at the first write (exit
//    status 141 in a shell), like `cat` or `yes`; the worker thread's write raises it.
//  - SIGPIPE ignored (servers do): writes fail with EPIPE. spdlog's stdout/stderr sinks
//    ignore the result of fwrite() on POSIX, so their lines are lost without a report (a
//    property of spdlog 1.10, not of the async sink). A sink that checks its writes throws;
//    async_sink then counts every record in failed() and the default handler reports once.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include <gtest/gtest.h>

#include "child_process.hpp"

namespace {

using fiberlog::test::child_result;

// Runs fault_pipe_child <mode> with stdout a pipe whose read end is closed.
child_result run_child(const std::string& mode) {
    int out[2];
    EXPECT_EQ(::pipe(out), 0);
    ::close(out[0]);  // nobody will ever read the child's stdout
    child_result r = fiberlog::test::run_child({FIBERLOG_PIPE_CHILD, mode}, out[1]);
    ::close(out[1]);
    EXPECT_FALSE(r.hung) << "the child hung and was killed";
    return r;
}

int count(const std::string& text, const std::string& what) {
    int n = 0;
    for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
    return n;
}

TEST(fault_sigpipe, at_the_default_disposition_the_process_dies_of_sigpipe) {
    const child_result r = run_child("default");
    ASSERT_TRUE(WIFSIGNALED(r.status)) << "status " << r.status << ", stderr: " << r.err;
    EXPECT_EQ(WTERMSIG(r.status), SIGPIPE);
    EXPECT_EQ(r.err.find("child done"), std::string::npos);
}

TEST(fault_sigpipe, ignored_the_process_goes_on_and_spdlogs_stdout_sink_reports_nothing) {
    const child_result r = run_child("ignore");
    ASSERT_TRUE(WIFEXITED(r.status)) << "status " << r.status << ", stderr: " << r.err;
    EXPECT_EQ(WEXITSTATUS(r.status), 0);
    // spdlog::sinks::stdout_sink_mt drops EPIPE: nothing counted, nothing reported.
    EXPECT_EQ(r.err, "child done: failed=0 dropped=0\n");
}

TEST(fault_sigpipe, ignored_a_checking_sink_fails_every_record_and_is_reported_once) {
    const child_result r = run_child("ignore-checked");
    ASSERT_TRUE(WIFEXITED(r.status)) << "status " << r.status << ", stderr: " << r.err;
    EXPECT_EQ(WEXITSTATUS(r.status), 0);
    EXPECT_NE(r.err.find("child done: failed=1000 dropped=0\n"), std::string::npos) << r.err;
    const int reports = count(r.err, "[*** LOG ERROR ***]");
    EXPECT_GE(reports, 1) << r.err;
    EXPECT_LE(reports, 3) << r.err;  // one a second; the burst takes well under that
    EXPECT_NE(r.err.find("write to stdout: Broken pipe"), std::string::npos) << r.err;
}

}  // namespace
