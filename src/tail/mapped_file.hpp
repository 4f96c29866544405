#pragma once

// An input's bytes mapped into memory, read in place: no copy into a buffer of our own, which
// costs as much as parsing the lines.

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "input.hpp"

namespace fiberlog::tail {

class mapped_file {
public:
    // Maps the bytes `fd` holds now, read-only, followed by line_padding readable zero bytes
    // (so that every line in it is followed by line_padding readable bytes). `name` is for
    // error messages. Throws io_error. Reading a page the file lost since (truncated while
    // read: copytruncate rotation) raises SIGBUS, which a handler this installs turns into a
    // page of zeros and a mark that check() reports; with more than 1024 mappings at once, the
    // others are not watched and SIGBUS kills the process.
    mapped_file(int fd, const std::string& name);
    ~mapped_file();
    mapped_file(const mapped_file&) = delete;
    mapped_file& operator=(const mapped_file&) = delete;

    const char* data() const noexcept { return data_; }
    // The size when mapped: reading below it is safe, what the file lost since reads as zeros.
    std::uint64_t size() const noexcept { return size_; }

    // Throws io_error when the file shrank while bytes it lost were read: what was read from
    // the mapping since it was made may be zeros instead of the file's bytes. Thread-safe.
    void check() const;

    // Drops the pages wholly within [begin, end) (the last one too when `end` is at or past
    // size()) from the process's memory, once read: they stay in the page cache and come back
    // if read again. Keeps the resident memory of one pass over a big input near what is being
    // read rather than the input's size. Thread-safe.
    void release(std::uint64_t begin, std::uint64_t end) const noexcept;

private:
    std::string name_;
    char* data_ = nullptr;
    std::uint64_t size_ = 0;
    std::size_t mapped_ = 0;  // the size of the whole mapping, padding included
    void* slot_ = nullptr;    // where the SIGBUS handler marks a truncation, if watched
};

// Every input mapped, in order (a deque: a mapping does not move). Throws io_error.
std::deque<mapped_file> map_inputs(const std::vector<input>& inputs);

}  // namespace fiberlog::tail
