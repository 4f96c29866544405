#pragma once

// -n/--lines with --follow: a file's last N printed records before it is followed, found by
// reading backwards from its end rather than reading all of it.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>

#include "line_parser.hpp"
#include "options.hpp"
#include "output.hpp"
#include "record.hpp"

namespace fiberlog::tail {

// The last N printed records, each with its newline.
class last_records {
public:
    explicit last_records(std::uint64_t n) : n_(n) {}

    void push(std::string_view printed);

    // Appends them to `out`, oldest first, and forgets them.
    void write_to(output& out);

private:
    std::uint64_t n_;
    std::deque<std::string> records_;
};

// Where a file's last `k` complete lines before `end` start (0 when it has fewer; `end` when
// k is 0, or just after the last newline). Throws io_error.
std::uint64_t start_of_last_lines(int fd, const std::string& name, std::uint64_t end,
                                  std::uint64_t k);

// Where to start reading the file `fd` (`end` bytes long) so that the records printed for `o`
// from there to `end` are at least `n`, or 0: it reads back line blocks of growing size, each
// time counting what would be printed. Throws io_error.
std::uint64_t backlog_start(const options& o, int fd, const std::string& name,
                            std::uint64_t end, std::uint64_t n);

// Whether each line read from `offset` on may be printed: when `offset` is not the file's
// start, the lines before the first record continue a record before it, and are left out.
class continuation_skipper {
public:
    explicit continuation_skipper(std::uint64_t offset) : skipping_(offset > 0) {}

    // `text` is followed by line_padding readable bytes.
    bool keep(std::string_view text);

private:
    bool skipping_;
    line_parser parser_;
    record rec_;
};

}  // namespace fiberlog::tail
