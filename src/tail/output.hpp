#pragma once

// Buffered writing to a file descriptor (stdout).

#include <string>
#include <string_view>

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

    // Writes the buffer, then `text` (without copying it). Throws as flush().
    void write(std::string_view text);

private:
    void write_all(const char* data, std::size_t size);

    static constexpr std::size_t flush_size = 64 * 1024;

    int fd_;
    std::string buf_;
};

}  // namespace fiberlog::tail
