// SIGPIPE: a program logs to a stdout pipe whose reader has gone (`app | head -1`).
// fiberlog installs no signal handler and changes no signal mask: what happens is the
// application's choice, as for any Unix program.
//  - SIGPIPE at its default: the process is killed by SIGPIPE at the first write (exit
//    status 141 in a shell), like `cat` or `yes`; the worker thread's write raises it.
//  - SIGPIPE ignored (servers do): writes fail with EPIPE. spdlog's stdout/stderr sinks
//    ignore the result of fwrite() on POSIX, so their lines are lost without a report (a
//    property of spdlog 1.10, not of the async sink). A sink that checks its writes throws;
//    async_sink then counts every record in failed() and the default handler reports once.

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include <gtest/gtest.h>

extern char** environ;

namespace {

struct child_result {
    int status = 0;
    std::string err;
};

// Runs fault_pipe_child <mode> with stdout a pipe whose read end is closed, SIGPIPE at its
// default disposition on entry, and stderr captured. Kills it after 60 s.
child_result run_child(const std::string& mode) {
    int out[2], err[2];
    EXPECT_EQ(::pipe(out), 0);
    EXPECT_EQ(::pipe(err), 0);
    ::close(out[0]);  // nobody will ever read the child's stdout

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err[1], 2);
    posix_spawn_file_actions_addclose(&actions, err[0]);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

    std::string exe = FIBERLOG_PIPE_CHILD;
    char* argv[] = {exe.data(), const_cast<char*>(mode.c_str()), nullptr};
    pid_t pid = -1;
    EXPECT_EQ(posix_spawn(&pid, exe.c_str(), &actions, &attr, argv, environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    ::close(out[1]);
    ::close(err[1]);

    child_result r;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    char buf[4096];
    for (;;) {
        pollfd p{err[0], POLLIN, 0};
        if (::poll(&p, 1, 100) > 0) {
            const ssize_t n = ::read(err[0], buf, sizeof buf);
            if (n <= 0) break;
            r.err.append(buf, static_cast<std::size_t>(n));
        }
        if (std::chrono::steady_clock::now() > deadline) {
            ADD_FAILURE() << "the child hung; killing it";
            ::kill(pid, SIGKILL);
            break;
        }
    }
    ::close(err[0]);
    ::waitpid(pid, &r.status, 0);
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
