#include "tail_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <utility>

#include "support/spawn_args.hpp"

namespace fiberlog::tail::test {

namespace {

using fiberlog::test::c_strings;
using fiberlog::test::merged_environment;

struct pipe_pair {
    int read = -1, write = -1;
};

pipe_pair make_pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    return {fds[0], fds[1]};
}

// Starts `argv` with the given pipe ends as stdin, stdout and stderr.
pid_t spawn(std::vector<std::string> argv, const std::vector<std::string>& env, int in_fd,
            int out_fd, int err_fd) {
    std::vector<std::string> envp = merged_environment(env);
    std::vector<char*> c_argv = c_strings(argv), c_envp = c_strings(envp);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in_fd, STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, out_fd, STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, err_fd, STDERR_FILENO);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, c_argv[0], &actions, nullptr, c_argv.data(), c_envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error(std::string("posix_spawn: ") + std::strerror(rc));
    return pid;
}

// Starts fiberlog-tail with `args`.
pid_t spawn_tail(const std::vector<std::string>& args, const std::vector<std::string>& env,
                 int in_fd, int out_fd, int err_fd) {
    std::vector<std::string> argv{FIBERLOG_TAIL_EXE};
    argv.insert(argv.end(), args.begin(), args.end());
    return spawn(std::move(argv), env, in_fd, out_fd, err_fd);
}

int wait_status(pid_t pid) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Appends what `fd` has to `to`; false at its end.
bool drain(int fd, std::string& to) {
    char buf[65536];
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) to.append(buf, static_cast<std::size_t>(n));
    return n > 0 || (n < 0 && (errno == EINTR || errno == EAGAIN));
}

}  // namespace

run_result run_tail(const std::vector<std::string>& args, const std::string& input,
                    const std::vector<std::string>& env) {
    std::vector<std::string> argv{FIBERLOG_TAIL_EXE};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_command(argv, input, env);
}

run_result run_command(const std::vector<std::string>& argv, const std::string& input,
                       const std::vector<std::string>& env) {
    // The program may exit before reading all of its input: see EPIPE, not SIGPIPE.
    ::signal(SIGPIPE, SIG_IGN);
    const pipe_pair in = make_pipe(), out = make_pipe(), err = make_pipe();
    const pid_t pid = spawn(argv, env, in.read, out.write, err.write);
    ::close(in.read);
    ::close(out.write);
    ::close(err.write);
    // Never block on stdin while fiberlog-tail waits for us to read its output.
    ::fcntl(in.write, F_SETFL, O_NONBLOCK);

    // Feed stdin and read both outputs together, so that no pipe fills up and blocks.
    run_result result;
    std::size_t written = 0;
    int in_fd = in.write;
    if (input.empty()) {
        ::close(in_fd);
        in_fd = -1;
    }
    bool out_open = true, err_open = true;
    while (out_open || err_open) {
        pollfd fds[3] = {{out_open ? out.read : -1, POLLIN, 0},
                         {err_open ? err.read : -1, POLLIN, 0},
                         {in_fd, POLLOUT, 0}};
        if (::poll(fds, 3, -1) < 0 && errno != EINTR) break;
        if (out_open && fds[0].revents != 0) out_open = drain(out.read, result.out);
        if (err_open && fds[1].revents != 0) err_open = drain(err.read, result.err);
        if (in_fd >= 0 && fds[2].revents != 0) {
            const ssize_t n = ::write(in_fd, input.data() + written, input.size() - written);
            if (n > 0) written += static_cast<std::size_t>(n);
            if ((n < 0 && errno != EAGAIN) || written == input.size()) {
                ::close(in_fd);
                in_fd = -1;
            }
        }
    }
    if (in_fd >= 0) ::close(in_fd);
    ::close(out.read);
    ::close(err.read);
    result.status = wait_status(pid);
    return result;
}

run_result run_tail_on_terminal(const std::vector<std::string>& args,
                                const std::vector<std::string>& env) {
    const int master = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0 || ::grantpt(master) != 0 || ::unlockpt(master) != 0) {
        throw std::runtime_error("no pseudo-terminal");
    }
    const int terminal = ::open(::ptsname(master), O_RDWR | O_NOCTTY | O_CLOEXEC);
    const int null_in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    const pipe_pair err = make_pipe();
    const pid_t pid = spawn_tail(args, env, null_in, terminal, err.write);
    ::close(terminal);
    ::close(null_in);
    ::close(err.write);
    run_result result;
    // The terminal's master reads EIO once the program has exited and closed its side.
    while (drain(master, result.out)) {
    }
    while (drain(err.read, result.err)) {
    }
    ::close(master);
    ::close(err.read);
    result.status = wait_status(pid);
    return result;
}

tail_process::tail_process(const std::vector<std::string>& args,
                           const std::vector<std::string>& env) {
    const int null_in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    const pipe_pair out = make_pipe(), err = make_pipe();
    pid_ = spawn_tail(args, env, null_in, out.write, err.write);
    ::close(null_in);
    ::close(out.write);
    ::close(err.write);
    out_fd_ = out.read;
    err_fd_ = err.read;
}

tail_process::~tail_process() {
    if (pid_ > 0) stop();
    if (out_fd_ >= 0) ::close(out_fd_);
    if (err_fd_ >= 0) ::close(err_fd_);
}

bool tail_process::read_some(std::chrono::milliseconds wait) {
    pollfd fd{out_fd_, POLLIN, 0};
    if (::poll(&fd, 1, static_cast<int>(wait.count())) <= 0) return true;
    return drain(out_fd_, out_);
}

bool tail_process::wait_for(const std::string& text, int times, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    const auto found = [&] {
        int n = 0;
        for (std::size_t at = out_.find(text); at != std::string::npos;
             at = out_.find(text, at + text.size())) {
            ++n;
        }
        return n >= times;
    };
    while (!found()) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0 || !read_some(std::min(left, std::chrono::milliseconds(50)))) {
            return found();
        }
    }
    return true;
}

void tail_process::close_stdout() {
    ::close(out_fd_);
    out_fd_ = -1;
}

int tail_process::wait(std::string* err) {
    const int status = wait_status(pid_);
    pid_ = -1;
    if (out_fd_ >= 0) {
        while (drain(out_fd_, out_)) {
        }
    }
    std::string errors;
    while (drain(err_fd_, errors)) {
    }
    if (err != nullptr) *err = errors;
    return status;
}

int tail_process::stop(std::string* err, int sig) {
    ::kill(pid_, sig);
    return wait(err);
}

}  // namespace fiberlog::tail::test
