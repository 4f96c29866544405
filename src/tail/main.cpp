// fiberlog-tail: reads fiberlog's logs back grouped by fiber, by a fiber's subtree or by a
// context key, or follows them live. Exit status: 0 ok (also when the reader of the output
// goes away), 1 an input or output error, 2 a usage error.

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <exception>

#include "errors.hpp"
#include "follow.hpp"
#include "group_command.hpp"
#include "options.hpp"
#include "output.hpp"

int main(int argc, char** argv) {
    using namespace fiberlog::tail;
    // A closed output pipe must end the program quietly: see write errors (EPIPE) instead.
    std::signal(SIGPIPE, SIG_IGN);

    options o;
    if (const auto status = parse_options(argc, argv, o)) return *status;
    try {
        output out(STDOUT_FILENO);
        const std::uint64_t unparsed = o.follow ? run_follow(o, out) : run_grouping(o, out);
        out.flush();
        if (unparsed > 0) {
            std::fprintf(stderr, "fiberlog-tail: %llu unparsed line%s (group \"unparsed\")\n",
                         static_cast<unsigned long long>(unparsed), unparsed == 1 ? "" : "s");
        }
        return 0;
    } catch (const output_closed&) {
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "fiberlog-tail: %s\n", e.what());
        return 1;
    }
}
