#pragma once

// fiberlog-tail's --help and manual page, both made from one source: the options' own
// descriptions (as declared with CLI11, in their groups) and the sections that follow them.

#include <CLI/CLI.hpp>
#include <string>
#include <string_view>

namespace fiberlog::tail {

// The --help text: usage, description, the options by group in two columns (wrapped to 80
// columns), then times, examples and exit status.
std::string help_text(const CLI::App& app);

// The same as a manual page in roff with man(7) macros, for section 1.
std::string man_page(const CLI::App& app, std::string_view version);

}  // namespace fiberlog::tail
