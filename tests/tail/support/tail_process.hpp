#pragma once

// Runs the real fiberlog-tail executable (FIBERLOG_TAIL_EXE) for the CLI and follow tests.

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace fiberlog::tail::test {

struct run_result {
    int status = -1;  // the exit code, or 128 + the signal that killed it
    std::string out;
    std::string err;
};

// Runs fiberlog-tail with `args` and `input` on stdin, and collects its output. The
// environment is the test's plus `env` ("TZ=UTC" by default, so text timestamps are UTC).
run_result run_tail(const std::vector<std::string>& args, const std::string& input = {},
                    const std::vector<std::string>& env = {"TZ=UTC"});

// Runs any program (argv[0] a path) the same way.
run_result run_command(const std::vector<std::string>& argv, const std::string& input = {},
                       const std::vector<std::string>& env = {});

// Runs fiberlog-tail with its stdout on a pseudo-terminal (stdin and stderr as run_tail's),
// and collects what it wrote there (newlines as the terminal gives them: "\r\n").
run_result run_tail_on_terminal(const std::vector<std::string>& args,
                                const std::vector<std::string>& env);

// A fiberlog-tail left running (for --follow), its stdout read as it comes.
class tail_process {
public:
    explicit tail_process(const std::vector<std::string>& args,
                          const std::vector<std::string>& env = {"TZ=UTC"});
    ~tail_process();
    tail_process(const tail_process&) = delete;
    tail_process& operator=(const tail_process&) = delete;

    // Reads stdout until it contains `text` `times` times or `timeout` passes; true if found.
    // The default timeout is only a safety net: it returns as soon as the text is there.
    bool wait_for(const std::string& text, int times = 1,
                  std::chrono::milliseconds timeout = std::chrono::seconds(120));
    // Everything read from stdout so far.
    const std::string& out() const noexcept { return out_; }
    // Closes our end of its stdout, as `| head` does once it has enough.
    void close_stdout();
    // Waits for it to exit; returns the status as run_result::status, with stderr in `err`.
    int wait(std::string* err = nullptr);
    // Sends SIGTERM (or `sig`), then wait().
    int stop(std::string* err = nullptr, int sig = 15);

private:
    // Reads what is available within `wait`; false at the end of the output.
    bool read_some(std::chrono::milliseconds wait);

    pid_t pid_ = -1;
    int out_fd_ = -1;
    int err_fd_ = -1;
    std::string out_;
};

}  // namespace fiberlog::tail::test
