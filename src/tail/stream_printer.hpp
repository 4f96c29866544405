#pragma once

// --follow: records printed one at a time as they come, each tagged with its group, instead of
// grouped. Keeps no past records: memory is bounded however long it runs.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "bounded_lru.hpp"
#include "filter.hpp"
#include "line_parser.hpp"
#include "options.hpp"
#include "record.hpp"
#include "record_assembler.hpp"
#include "render.hpp"

namespace fiberlog::tail {

class stream_printer {
public:
    static constexpr std::size_t color_memory = 4096;     // groups whose color is remembered
    static constexpr std::size_t tree_memory = 1u << 18;  // fibers known to be in --tree's subtree

    // Receives each printed record (a text-pattern record with its continuation lines), ending
    // in a newline, and the input it came from.
    using sink = std::function<void(std::uint16_t input, std::string_view printed)>;

    stream_printer(const options& o, sink to);

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
    void print_record(const record& r, std::string_view text);
    void print_unparsed(std::string_view text);
    std::string group_key(const record& r) const;
    void append_tag(std::string& out, const std::string& key);
    bool in_tree(const record& r);

    const options& options_;
    sink sink_;
    record_filter filter_;
    bool color_;
    text_style style_;
    line_parser parser_;
    record rec_;
    record_assembler assembler_;
    std::string printed_;       // the record being printed
    std::string continuation_;  // "\n", the tag and "| ": starts a message's further lines
    bounded_lru<std::string, std::size_t> colors_{color_memory};
    std::size_t next_color_ = 0;
    bounded_lru<std::uint64_t, bool> tree_{tree_memory};
    std::uint64_t unparsed_ = 0;
};

}  // namespace fiberlog::tail
