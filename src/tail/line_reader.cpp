#include "line_reader.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "errors.hpp"
#include "record.hpp"

namespace fiberlog::tail {

namespace {

constexpr std::size_t block_size = 256 * 1024;
constexpr std::size_t past_end_read = 16 * 1024;

}  // namespace

line_reader::line_reader(int fd, std::string name, std::uint64_t offset, bool positional)
    : fd_(fd),
      name_(std::move(name)),
      positional_(positional),
      buf_(block_size + line_padding),
      capacity_(block_size),
      base_(offset) {}

void line_reader::reset(int fd, std::string name, std::uint64_t offset,
                        std::uint64_t expected_end) {
    expected_end_ = expected_end;
    fd_ = fd;
    name_ = std::move(name);
    positional_ = true;
    begin_ = end_ = 0;
    base_ = offset;
    at_eof_ = false;
}

bool line_reader::next(std::string_view& line, std::uint64_t& offset) {
    for (;;) {
        const char* start = buf_.data() + begin_;
        if (const auto* nl = static_cast<const char*>(std::memchr(start, '\n', end_ - begin_))) {
            const auto length = static_cast<std::size_t>(nl - start);
            line = without_cr(std::string_view(start, length));
            offset = base_ + begin_;
            begin_ += length + 1;
            return true;
        }
        if (!fill()) return false;
    }
}

bool line_reader::take_rest(std::string_view& line, std::uint64_t& offset) {
    if (begin_ == end_) return false;
    line = without_cr(std::string_view(buf_.data() + begin_, end_ - begin_));
    offset = base_ + begin_;
    begin_ = end_;
    return true;
}

bool line_reader::fill() {
    if (begin_ > 0) {
        std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
        base_ += begin_;
        end_ -= begin_;
        begin_ = 0;
    }
    if (end_ == capacity_) {  // one line fills the buffer: make room for the rest of it
        capacity_ *= 2;
        buf_.resize(capacity_ + line_padding);
    }
    for (;;) {
        char* dest = buf_.data() + end_;
        std::size_t room = capacity_ - end_;
        // Past the expected end, small reads: the caller wants a line or two more.
        const std::uint64_t at = base_ + end_;
        const std::uint64_t wanted = at < expected_end_ ? expected_end_ - at : 0;
        if (wanted < room) room = std::min(room, static_cast<std::size_t>(wanted) + past_end_read);
        const ssize_t n = positional_ ? ::pread(fd_, dest, room, static_cast<off_t>(at))
                                      : ::read(fd_, dest, room);
        if (n > 0) {
            end_ += static_cast<std::size_t>(n);
            at_eof_ = false;
            return true;
        }
        if (n == 0) {
            at_eof_ = true;
            return false;
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK) return false;  // a non-blocking stream
        if (errno != EINTR) throw_io_error("cannot read " + name_);
    }
}

}  // namespace fiberlog::tail
