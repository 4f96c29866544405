#include "output.hpp"

#include <unistd.h>

#include "errors.hpp"

namespace fiberlog::tail {

void output::flush() {
    write_all(buf_.data(), buf_.size());
    buf_.clear();
}

void output::write(std::string_view text) {
    flush();
    write_all(text.data(), text.size());
}

void output::write_all(const char* data, std::size_t size) {
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
}

}  // namespace fiberlog::tail
