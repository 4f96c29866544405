#pragma once

// Reads the indexed lines back by offset and hands them out group after group, in parallel
// batches written out in order.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "index.hpp"
#include "input.hpp"
#include "output.hpp"

namespace fiberlog::tail {

// Renders the groups. The output is cut into batches, each rendered by one sink (one per
// thread) into its own text: a batch starts with begin_group, or with resume_group when it
// goes on with a group begun in an earlier batch; then come the group's lines in input order,
// maybe another group, and so on.
class group_sink {
public:
    virtual ~group_sink() = default;

    // What follows is appended to `out`.
    void write_to(std::string& out) noexcept { out_ = &out; }

    // The group at place `ordinal` (from 0) of the output begins; its lines follow.
    virtual void begin_group(const group& g, std::uint32_t depth, std::size_t ordinal) = 0;
    // The batch goes on with a group begun earlier, whose first line is `first` (followed by
    // line_padding readable bytes); more of its lines follow.
    virtual void resume_group(const group& g, std::uint32_t depth, std::size_t ordinal,
                              std::string_view first) = 0;
    // A line of input number `input`; `text` is followed by line_padding readable bytes.
    virtual void line(std::string_view text, std::uint16_t input) = 0;

    // How many of the lines shown were no record.
    std::uint64_t unparsed_lines() const noexcept { return unparsed_; }

protected:
    std::string* out_ = nullptr;
    std::uint64_t unparsed_ = 0;
};

// Sends the lines of the planned groups to the sinks and writes what they render to `out`,
// in order. Each sink renders batches of about `budget` bytes of lines on a thread of its own
// (so `sinks` says how many threads), a few batches ahead of the writing: memory stays near
// a few times `budget` however big the inputs. The lines are read in place in the inputs
// mapped into memory (mapped_file), whose pages each batch releases once rendered. Throws
// io_error, also when an input shrank since it was indexed, and output_closed.
void fetch_groups(const std::vector<input>& inputs, const log_index& index,
                  const std::vector<planned_group>& plan,
                  const std::vector<std::unique_ptr<group_sink>>& sinks, output& out,
                  std::size_t budget = std::size_t{1} << 20);

}  // namespace fiberlog::tail
