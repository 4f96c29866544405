#pragma once

// fiberlog-tail's command line.

#include <optional>
#include <string>
#include <vector>

#include "filter.hpp"

namespace fiberlog::tail {

enum class output_format { text, jsonl };
enum class color_mode { automatic, always, never };

struct options {
    std::vector<std::string> files;  // empty: stdin
    std::optional<std::string> by;   // group by this context key instead of by fiber
    filter_options filter;           // filter.tree_root is --tree
    output_format format = output_format::text;
    color_mode color = color_mode::automatic;
    bool count = false;
    bool follow = false;
    unsigned threads = 0;  // --threads; 0: one per core
};

// Parses the command line into `out`. Returns the exit status when the program must stop
// here: 0 after --help or --version, 2 after a usage error (reported on stderr with a usage
// line); nullopt to go on.
std::optional<int> parse_options(int argc, const char* const* argv, options& out);

// Whether text output gets colors: `always`, `never`, or when stdout is a terminal, the
// NO_COLOR environment variable is unset or empty, and TERM is not "dumb".
bool use_color(color_mode mode);

}  // namespace fiberlog::tail
