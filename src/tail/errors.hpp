#pragma once

// The two ways fiberlog-tail stops early, and errors it reports and goes on.

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

namespace fiberlog::tail {

// An input that cannot be opened or read, or an output that cannot be written: exit code 1.
struct io_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// `what` followed by the description of errno.
inline std::string errno_message(const std::string& what) {
    return what + ": " + std::strerror(errno);
}

// Throws io_error(errno_message(what)).
[[noreturn]] inline void throw_io_error(const std::string& what) {
    throw io_error(errno_message(what));
}

// Prints "fiberlog-tail: <what>" on stderr: an error that does not stop the run.
inline void report(const std::string& what) {
    std::fprintf(stderr, "fiberlog-tail: %s\n", what.c_str());
}

// Whoever read our output went away (EPIPE, e.g. `| head`): stop quietly.
struct output_closed {};

}  // namespace fiberlog::tail
