// Writes fiberlog-tail's manual page (roff) to stdout: run by the build to make
// fiberlog-tail.1 from the same descriptions as --help.

#include <iostream>

#include "options.hpp"

int main() {
    std::cout << fiberlog::tail::manual_page();
    return std::cout.good() ? 0 : 1;
}
