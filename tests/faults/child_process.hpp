#pragma once

// Runs a helper executable as a child process for the fault tests: SIGPIPE and the fatal
// signals at their default disposition and nothing blocked on entry (whatever the test runner
// had), stderr captured, a safety-net kill if it hangs.

#include <chrono>
#include <string>
#include <vector>

namespace fiberlog::test {

struct child_result {
    int status = 0;     // as waitpid() gives it
    std::string err;    // everything it wrote to stderr
    bool hung = false;  // killed by the safety net
};

// Runs `argv` (argv[0] a path) with `stdout_fd` as its stdout (-1: ours) and `env` added to
// our environment (replacing variables of the same name). Kills it with SIGKILL if it has
// not ended after `limit`.
child_result run_child(const std::vector<std::string>& argv, int stdout_fd = -1,
                       const std::vector<std::string>& env = {},
                       std::chrono::seconds limit = std::chrono::seconds(120));

}  // namespace fiberlog::test
