#pragma once

// The two ways fiberlog-tail stops early.

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace fiberlog::tail {

// An input that cannot be opened or read, or an output that cannot be written: exit code 1.
struct io_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// `what` followed by the description of errno.
[[noreturn]] inline void throw_io_error(const std::string& what) {
    throw io_error(what + ": " + std::strerror(errno));
}

// Whoever read our output went away (EPIPE, e.g. `| head`): stop quietly.
struct output_closed {};

}  // namespace fiberlog::tail
