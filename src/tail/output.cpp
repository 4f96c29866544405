#include "output.hpp"

#include <unistd.h>

#include "errors.hpp"

namespace fiberlog::tail {

void output::flush() {
    const char* data = buf_.data();
    std::size_t size = buf_.size();
    while (size > 0) {
        const ssize_t n = ::write(fd_, data, size);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EPIPE) throw output_closed{};
            throw_io_error("cannot write the output");
        }
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    buf_.clear();
}

}  // namespace fiberlog::tail
