#pragma once

// Reads a file descriptor in big blocks and hands out its lines with their byte offsets.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace fiberlog::tail {

// `line` without the '\r' of a "\r\n" line end.
inline std::string_view without_cr(std::string_view line) noexcept {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
}

class line_reader {
public:
    // Reads `fd` from byte `offset` on: with pread when `positional` (the descriptor's own
    // position is left alone), else with read (pipes). `name` is for error messages.
    line_reader(int fd, std::string name, std::uint64_t offset, bool positional = true);

    // The next complete line, without "\n" or "\r\n", and its offset. False when the bytes
    // read so far end without a newline (the end of the file, for now). Each line is followed
    // by line_padding readable bytes and stays valid until the next call. Throws io_error.
    bool next(std::string_view& line, std::uint64_t& offset);

    // Whether next() has a complete line without reading more (and so without blocking).
    bool has_line() const noexcept {
        return std::memchr(buf_.data() + begin_, '\n', end_ - begin_) != nullptr;
    }

    // The bytes after the last newline, as a final line; false when there are none.
    bool take_rest(std::string_view& line, std::uint64_t& offset);

    // Reads `fd` (with pread) from `offset` on, as if newly constructed, keeping the buffer.
    // Past `expected_end`, reads are small: reading a chunk, only its last line or two lie
    // beyond its end.
    void reset(int fd, std::string name, std::uint64_t offset,
               std::uint64_t expected_end = UINT64_MAX);

    // The offset just past every byte read so far, a partial last line included.
    std::uint64_t end_offset() const noexcept { return base_ + end_; }

    // Whether the last read found the end of the input, rather than data or, on a
    // non-blocking stream (O_NONBLOCK), nothing for now (EAGAIN). A FIFO ends when its last
    // writer closes it.
    bool at_eof() const noexcept { return at_eof_; }

private:
    // Reads more bytes after the unread ones; false at the end of the file.
    bool fill();

    int fd_;
    std::string name_;
    bool positional_;
    std::vector<char> buf_;  // capacity_ + line_padding bytes
    std::size_t capacity_;
    std::size_t begin_ = 0, end_ = 0;  // the unread bytes
    std::uint64_t base_;               // the offset of buf_[0]
    bool at_eof_ = false;
    std::uint64_t expected_end_ = UINT64_MAX;
};

}  // namespace fiberlog::tail
