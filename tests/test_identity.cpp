// Process identity: the defaults (program name, host name, pid), set once at start-up, a
// second call refused, invalid names refused, a forked child with its own pid.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <fiberlog/fiberlog.hpp>
#include <stdexcept>
#include <string>

namespace {

std::string host_name() {
    char name[HOST_NAME_MAX + 1] = {};
    EXPECT_EQ(::gethostname(name, sizeof name - 1), 0);
    return name;
}

// One test, in order: the identity can be set once per process.
TEST(process_identity, defaults_then_set_once_then_refused) {
    const fiberlog::process_identity& defaults = fiberlog::this_process();
    EXPECT_EQ(defaults.service, program_invocation_short_name);
    EXPECT_EQ(defaults.service, "test_identity");
    EXPECT_EQ(defaults.host, host_name());
    EXPECT_EQ(defaults.pid, static_cast<std::uint64_t>(::getpid()));

    for (const std::string& bad : {std::string(), std::string("has space"), std::string(129, 'a'),
                                   std::string("a/b"), std::string("caf\xc3\xa9")})
        EXPECT_THROW(fiberlog::set_process_identity(bad), std::invalid_argument) << bad;
    EXPECT_THROW(fiberlog::set_process_identity("ok", "bad host"), std::invalid_argument);
    EXPECT_EQ(&fiberlog::this_process(), &defaults);  // nothing changed

    fiberlog::set_process_identity("frontend");
    const fiberlog::process_identity& set = fiberlog::this_process();
    EXPECT_EQ(set.service, "frontend");
    EXPECT_EQ(set.host, host_name());  // an empty host keeps the default
    EXPECT_EQ(set.pid, defaults.pid);
    EXPECT_EQ(defaults.service, "test_identity");  // the old reference is still valid

    try {
        fiberlog::set_process_identity("backend", "pod-7");
        FAIL() << "a second call was accepted";
    } catch (const std::logic_error& e) {
        EXPECT_NE(std::string(e.what()).find("frontend"), std::string::npos) << e.what();
    }
    EXPECT_EQ(fiberlog::this_process().service, "frontend");
    EXPECT_EQ(fiberlog::this_process().host, host_name());
}

TEST(process_identity, a_forked_child_names_its_own_pid) {
    const std::uint64_t parent = fiberlog::this_process().pid;
    const std::string service = fiberlog::this_process().service;
    const pid_t child = ::fork();
    ASSERT_NE(child, -1);
    if (child == 0) {
        const fiberlog::process_identity& id = fiberlog::this_process();
        const bool ok = id.pid == static_cast<std::uint64_t>(::getpid()) && id.pid != parent &&
                        id.service == service;
        ::_exit(ok ? 0 : 1);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
    EXPECT_EQ(fiberlog::this_process().pid, parent);
}

}  // namespace
