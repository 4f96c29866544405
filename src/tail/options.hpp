#pragma once

// fiberlog-tail's command line.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "field.hpp"
#include "filter.hpp"

namespace fiberlog::tail {

enum class output_format { text, jsonl };
enum class color_mode { automatic, always, never };

struct options {
    std::vector<std::string> files;  // empty: stdin
    std::optional<field_ref> by;     // group by this field instead of by fiber
    std::optional<std::string> trace;  // --trace: a trace id, 32 lowercase hex digits
    bool flat = false;                 // one stream in time order, no groups
    filter_options filter;           // filter.tree_root is --tree
    output_format format = output_format::text;
    color_mode color = color_mode::automatic;
    bool count = false;
    bool follow = false;
    unsigned threads = 0;  // --threads; 0: one per core
    std::optional<std::uint64_t> lines;  // -n: only the last N records
    bool local_time = false;             // --local: times in the local zone, not UTC
};

// Parses the command line into `out`. Returns the exit status when the program must stop
// here: 0 after --help or --version, 2 after a usage error (reported on stderr with a usage
// line); nullopt to go on.
std::optional<int> parse_options(int argc, const char* const* argv, options& out);

// fiberlog-tail's manual page (roff, man(7) macros), from the same descriptions as --help.
std::string manual_page();

// Whether text output gets colors: `always`, `never`, or when stdout is a terminal, the
// NO_COLOR environment variable is unset or empty, and TERM is not "dumb".
bool use_color(color_mode mode);

}  // namespace fiberlog::tail
