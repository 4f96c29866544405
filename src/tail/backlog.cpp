#include "backlog.hpp"

#include <unistd.h>

#include <algorithm>
#include <vector>

#include "errors.hpp"
#include "line_reader.hpp"
#include "stream_printer.hpp"

namespace fiberlog::tail {

namespace {

constexpr std::size_t block_size = 64 * 1024;

// Reads `size` bytes at `offset`.
void pread_all(int fd, const std::string& name, char* dest, std::size_t size,
               std::uint64_t offset) {
    while (size > 0) {
        const ssize_t n = ::pread(fd, dest, size, static_cast<off_t>(offset));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw_io_error("cannot read " + name);
        if (n == 0) throw io_error("cannot read " + name + ": it shrank while being read");
        dest += n;
        offset += static_cast<std::uint64_t>(n);
        size -= static_cast<std::size_t>(n);
    }
}

// How many records `o` prints for the lines of `fd` from `start` to `end`.
std::uint64_t count_printed(const options& o, int fd, const std::string& name,
                            std::uint64_t start, std::uint64_t end) {
    std::uint64_t printed = 0;
    stream_printer printer(o, [&](std::uint16_t, std::string_view) { ++printed; }, {name});
    continuation_skipper skipper(start);
    line_reader reader(fd, name, start);
    std::string_view text;
    std::uint64_t offset = 0;
    while (reader.next(text, offset) && offset < end) {
        if (skipper.keep(text)) printer.line(0, offset, text);
    }
    printer.flush();
    return printed;
}

}  // namespace

void last_records::push(std::string_view printed) {
    if (n_ == 0) return;
    if (records_.size() == n_) records_.pop_front();
    records_.emplace_back(printed);
}

void last_records::write_to(output& out) {
    for (const std::string& r : records_) {
        out.buffer() += r;
        out.maybe_flush();
    }
    records_.clear();
}

std::uint64_t start_of_last_lines(int fd, const std::string& name, std::uint64_t end,
                                  std::uint64_t k) {
    std::vector<char> block(block_size);
    // The newlines seen so far from the end; the first one ends the last complete line.
    std::uint64_t newlines = 0;
    std::uint64_t at = end;
    while (at > 0) {
        const std::size_t size = static_cast<std::size_t>(std::min<std::uint64_t>(at, block_size));
        at -= size;
        pread_all(fd, name, block.data(), size, at);
        for (std::size_t i = size; i-- > 0;) {
            if (block[i] != '\n') continue;
            if (newlines++ == k) return at + i + 1;
        }
    }
    return 0;
}

std::uint64_t backlog_start(const options& o, int fd, const std::string& name,
                            std::uint64_t end, std::uint64_t n) {
    // Lines are read back four times as many at a time until they hold n printed records.
    std::uint64_t lines = std::max<std::uint64_t>(n, 1);
    for (;;) {
        const std::uint64_t start = start_of_last_lines(fd, name, end, n == 0 ? 0 : lines);
        if (start == 0 || n == 0 || count_printed(o, fd, name, start, end) >= n) return start;
        lines = lines > UINT64_MAX / 4 ? UINT64_MAX : lines * 4;
    }
}

bool continuation_skipper::keep(std::string_view text) {
    if (skipping_ && !text.empty() && parser_.parse(text, rec_)) skipping_ = false;
    return !skipping_;
}

}  // namespace fiberlog::tail
