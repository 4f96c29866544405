#pragma once

// Inputs cut into chunks that can be read in parallel and in any order, each line read once.

#include <cstdint>
#include <string_view>
#include <vector>

#include "input.hpp"
#include "line_parser.hpp"
#include "line_reader.hpp"
#include "mapped_file.hpp"
#include "record.hpp"

namespace fiberlog::tail {

// A part of an input: its lines from the first record line that starts at or after `begin`
// up to, not including, the first record line that starts at or after `end`. Cutting only
// before records keeps a record and the lines that follow it without being records together
// (the continuation of a multi-line message, which takes the record's time).
struct chunk {
    std::uint16_t input;
    std::uint64_t begin, end;  // the first chunk begins at 0; the last ends at UINT64_MAX
};

// Cuts every input into chunks of about `chunk_size` bytes, from its size now (the last
// chunk reads whatever the input holds when it gets there). Throws io_error.
std::vector<std::vector<chunk>> plan_chunks(const std::vector<input>& inputs,
                                            std::uint64_t chunk_size);

// A chunk's line: not empty, without its newline, followed by line_padding readable bytes.
struct parsed_line {
    std::uint64_t offset;
    std::string_view text;
    const record* rec;   // nullptr when the line is no record
    std::int64_t ts_us;  // the record's time; for other lines, the time of the record before
                         // them in the input (INT64_MIN before the first)
};

// Reads the lines of one chunk after another (one reader per thread): in place in `file`, the
// input mapped into memory, and past the mapping's last newline (bytes the input gained since
// it was mapped) with pread.
class chunk_reader {
public:
    // Starts reading chunk `c` of `in`, mapped as `file` (which must outlive the reading). The
    // pages read are released (mapped_file::release) once the chunk's last line is read.
    void open(const input& in, const mapped_file& file, const chunk& c);

    // The chunk's next line; false after its last. The line and its record stay valid until
    // the next call. Throws io_error, also after the last line when the input shrank while
    // the chunk was read (mapped_file::check).
    bool next(parsed_line& out);

    // With `wanted` false, records may come without their context (line_parser::want_context).
    void want_context(bool wanted) noexcept { parser_.want_context(wanted); }

    // The offset just past every byte of the input read so far: how far past its end the
    // chunk had to look.
    std::uint64_t end_offset() const noexcept {
        return in_file_ ? position_ : reader_.end_offset();
    }

private:
    bool raw_line(std::string_view& text, std::uint64_t& offset);
    bool read_line(std::string_view& text, std::uint64_t& offset);

    const input* in_ = nullptr;
    const mapped_file* file_ = nullptr;
    std::uint64_t begin_ = 0;     // of the chunk
    std::uint64_t position_ = 0;  // the next line's offset, while it is in file_
    bool in_file_ = false;        // whether lines are still read in file_ (else with reader_)
    line_reader reader_{-1, {}, 0};
    line_parser parser_;
    record rec_;
    std::uint64_t end_ = 0;
    bool started_ = false;   // the chunk's first record line has been seen
    bool finished_ = false;  // its end has been seen
    std::int64_t ts_us_ = INT64_MIN;
};

}  // namespace fiberlog::tail
