#pragma once

// --follow: records printed one at a time as they come, each tagged with its group, instead of
// grouped. Keeps no past records: memory is bounded however long it runs.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "bounded_lru.hpp"
#include "filter.hpp"
#include "line_parser.hpp"
#include "options.hpp"
#include "record.hpp"
#include "record_assembler.hpp"
#include "source.hpp"
#include "tagged_lines.hpp"

namespace fiberlog::tail {

class stream_printer {
public:
    static constexpr std::size_t tree_memory = 1u << 18;  // fibers known to be in --tree's subtree

    // Receives each printed record (a text-pattern record with its continuation lines), ending
    // in a newline, and the input it came from.
    using sink = std::function<void(std::uint16_t input, std::string_view printed)>;

    // `input_names` as for tagged_lines.
    stream_printer(const options& o, sink to, std::vector<std::string> input_names);

    // Takes the next line of `input` (without its newline, followed by line_padding readable
    // bytes): parses it, joins it to the record it continues, filters and prints it. A
    // text-pattern record is printed once the next line of its input is known, or by flush().
    void line(std::uint16_t input, std::uint64_t offset, std::string_view text);

    // Prints the record held back for its continuation lines: call when an input has no more
    // complete lines for now, and at its end.
    void flush();

    // How many printed lines were no record.
    std::uint64_t unparsed() const noexcept { return unparsed_; }

private:
    void print(const assembled_line& line);
    bool in_tree(const record& r, std::uint16_t input);

    const options& options_;
    sink sink_;
    record_filter filter_;
    tagged_lines lines_;
    line_parser parser_;
    record rec_;
    record_assembler assembler_;
    std::string printed_;                               // the record being printed
    source_keys sources_;                               // --tree: fibers are told apart per process
    bounded_lru<std::string, bool> tree_{tree_memory};  // "source key\nfiber"
    std::uint64_t unparsed_ = 0;
};

}  // namespace fiberlog::tail
