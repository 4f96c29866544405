#pragma once

// Reads the indexed lines back by offset and hands them out group after group.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "index.hpp"
#include "input.hpp"

namespace fiberlog::tail {

// Receives the groups in order: begin_group, each line of the group in input order, end_group.
class group_sink {
public:
    virtual ~group_sink() = default;
    virtual void begin_group(const group& g, std::uint32_t depth) = 0;
    // `text` is followed by line_padding readable bytes.
    virtual void line(std::string_view text) = 0;
    virtual void end_group() = 0;
};

// Sends the lines of the planned groups to `sink`. Memory stays near `budget` bytes however
// big the inputs: the lines are taken in output order in batches of about `budget` bytes;
// each batch is read in file order, nearby lines in one pread, and then handed out in output
// order. So the inputs are read at most once per batch, whatever the interleaving. Throws
// io_error, also when an input shrank since it was indexed.
void fetch_groups(const std::vector<input>& inputs, const log_index& index,
                  const std::vector<planned_group>& plan, group_sink& sink,
                  std::size_t budget = std::size_t{8} << 20);

}  // namespace fiberlog::tail
