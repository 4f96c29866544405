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
#include "unique_fd.hpp"

namespace fiberlog::tail {

// A file followed by name, like tail -F: appended lines are handed out once complete (a
// partial last line waits for its newline); when the name points to a new file (rotation),
// the old file is read to its end first; when the file shrinks (truncation), it is read again
// from its beginning; while the name is missing, it is retried.
class followed_file {
public:
    // Lines handed out by one poll at most, so that a big file cannot delay a stop request.
    static constexpr std::size_t lines_per_poll = 10000;

    // Opens `path`. Throws io_error when it is missing or unreadable.
    explicit followed_file(std::string path);

    // Calls on_line(text) for the complete lines written since the last call, up to
    // lines_per_poll (text is followed by line_padding readable bytes). Returns whether there
    // may be more to read right away.
    template <class OnLine>
    bool poll(OnLine&& on_line);

private:
    template <class OnLine>
    std::size_t drain(OnLine& on_line);

    bool open();  // false while the name is missing
    bool rotated() const;
    bool truncated() const;

    std::string path_;
    unique_fd fd_;
    dev_t dev_ = 0;
    ino_t ino_ = 0;
    std::optional<line_reader> reader_;
};

template <class OnLine>
std::size_t followed_file::drain(OnLine& on_line) {
    std::string_view text;
    std::uint64_t offset = 0;
    std::size_t n = 0;
    while (n < lines_per_poll && reader_->next(text, offset)) {
        on_line(text);
        ++n;
    }
    return n;
}

template <class OnLine>
bool followed_file::poll(OnLine&& on_line) {
    if (!fd_ && !open()) return false;
    const std::size_t n = drain(on_line);
    if (n == lines_per_poll) return true;
    if (truncated()) {
        reader_.emplace(fd_.get(), path_, 0);  // the partial line went with the old content
        return true;
    }
    if (rotated()) {
        // Lines written just before the rename, then the old file's unfinished last line.
        if (drain(on_line) == lines_per_poll) return true;
        std::string_view text;
        std::uint64_t offset = 0;
        if (reader_->take_rest(text, offset)) on_line(text);
        reader_.reset();
        fd_.reset();
        return open();
    }
    return n > 0;
}

// Follows the files of `o` (or reads stdin to its end) and prints every line that passes the
// filters, tagged with its group's key, as text or as JSON lines. Stops on SIGINT or SIGTERM.
// Returns how many lines were no record. Throws io_error and output_closed.
std::uint64_t run_follow(const options& o, output& out);

}  // namespace fiberlog::tail
