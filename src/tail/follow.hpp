#pragma once

// fiberlog-tail --follow: print each new line as it is written, tagged with its group.

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "line_reader.hpp"
#include "options.hpp"
#include "output.hpp"
#include "summary.hpp"
#include "unique_fd.hpp"

namespace fiberlog::tail {

// A file followed by name, like tail -F: appended lines are handed out once complete (a
// partial last line waits for its newline); when the name points to a new file (rotation),
// the old file is read to its end first; when the file shrinks (truncation), it is read again
// from its beginning; while the name is missing, it is retried. A FIFO or a device is read as
// a stream instead, to its end (a FIFO ends when its last writer closes it).
class followed_file {
public:
    // Lines handed out by one poll at most, so that a big file cannot delay a stop request.
    static constexpr std::size_t lines_per_poll = 10000;

    // Names the file; nothing is opened yet.
    explicit followed_file(std::string path) : path_(std::move(path)) {}

    // Opens the name: false (errno set) when it is missing or unreadable. Throws io_error for
    // a directory. Opening a FIFO waits for a writer, as `< fifo` in a shell does.
    bool open();

    // Calls on_line(offset, text) for the complete lines written since the last call, up to
    // lines_per_poll (text is followed by line_padding readable bytes). Returns whether there
    // may be more to read right away.
    template <class OnLine>
    bool poll(OnLine&& on_line);

    // Reads from `offset` on (-n: the last records), instead of from the start.
    void start_at(std::uint64_t offset) { reader_.emplace(fd_.get(), path_, offset, !stream_); }

    const std::string& path() const noexcept { return path_; }
    // The open file's descriptor, or -1.
    int fd() const noexcept { return fd_.get(); }
    // Whether the open file is a stream (a FIFO or a device), read to its end.
    bool is_stream() const noexcept { return stream_; }
    // Whether this is a stream (a FIFO or a device): its descriptor, for poll(2); else -1.
    int stream_fd() const noexcept { return stream_ && !ended_ ? fd_.get() : -1; }
    // Whether this stream reached its end: nothing more will come.
    bool ended() const noexcept { return ended_; }

private:
    template <class OnLine>
    std::size_t drain(OnLine& on_line);

    bool rotated() const;
    bool truncated() const;

    std::string path_;
    unique_fd fd_;
    dev_t dev_ = 0;
    ino_t ino_ = 0;
    bool stream_ = false;
    bool ended_ = false;
    std::optional<line_reader> reader_;
};

template <class OnLine>
std::size_t followed_file::drain(OnLine& on_line) {
    std::string_view text;
    std::uint64_t offset = 0;
    std::size_t n = 0;
    while (n < lines_per_poll && reader_->next(text, offset)) {
        on_line(offset, text);
        ++n;
    }
    return n;
}

template <class OnLine>
bool followed_file::poll(OnLine&& on_line) {
    if (ended_ || (!fd_ && !open())) return false;
    const std::size_t n = drain(on_line);
    if (n == lines_per_poll) return true;
    std::string_view text;
    std::uint64_t offset = 0;
    if (stream_) {
        if (reader_->at_eof()) {  // the writer is gone: its unfinished line is its last
            if (reader_->take_rest(text, offset)) on_line(offset, text);
            ended_ = true;
        }
        return n > 0;
    }
    if (truncated()) {
        reader_.emplace(fd_.get(), path_, 0);  // the partial line went with the old content
        return true;
    }
    if (rotated()) {
        // Lines written just before the rename, then the old file's unfinished last line.
        if (drain(on_line) == lines_per_poll) return true;
        if (reader_->take_rest(text, offset)) on_line(offset, text);
        reader_.reset();
        fd_.reset();
        return open();
    }
    return n > 0;
}

// Follows the files of `o` (or reads stdin to its end) and prints every line that passes the
// filters, tagged with its group's key, as text or as JSON lines. A file that cannot be opened
// is reported on stderr and retried; the run fails when none can. Stops on SIGINT or SIGTERM,
// or when every file is a stream that ended. Throws io_error and output_closed.
run_summary run_follow(const options& o, output& out);

}  // namespace fiberlog::tail
