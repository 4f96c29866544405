#pragma once

// The inputs of the grouping modes, which read each input twice or more (scan, then read the
// grouped lines back by offset): regular files as they are; stdin, pipes and FIFOs copied to
// an unlinked temporary file first.

#include <string>
#include <vector>

#include "unique_fd.hpp"

namespace fiberlog::tail {

struct input {
    std::string name;  // as given on the command line; "-" is stdin
    unique_fd fd;      // readable with pread
};

// Opens `path` ("-" = stdin). Throws io_error when it is missing, a directory or unreadable.
input open_input(const std::string& path);

// Opens every path, or stdin when there are none. A path that cannot be opened is reported
// on stderr, left out, and sets `failed`: the others are still read. Throws io_error when stdin
// cannot be read.
std::vector<input> open_inputs(const std::vector<std::string>& paths, bool& failed);

}  // namespace fiberlog::tail
