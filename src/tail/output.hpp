#pragma once

// Buffered writing to a file descriptor (stdout).

#include <string>

namespace fiberlog::tail {

class output {
public:
    explicit output(int fd) : fd_(fd) {}

    // Text is appended here and written by flush() or maybe_flush().
    std::string& buffer() noexcept { return buf_; }

    // Writes the buffer once it holds a block's worth.
    void maybe_flush() {
        if (buf_.size() >= flush_size) flush();
    }

    // Writes the buffer. Throws output_closed when the reader went away (EPIPE: SIGPIPE must be
    // ignored), io_error on other errors.
    void flush();

private:
    static constexpr std::size_t flush_size = 64 * 1024;

    int fd_;
    std::string buf_;
};

}  // namespace fiberlog::tail
