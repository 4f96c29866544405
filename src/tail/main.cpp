// fiberlog-tail: reads fiberlog's logs back grouped by fiber, by a fiber's subtree or by a
// context key, or follows them live. Exit status: 0 ok (also when the reader of the output
// goes away), 1 an input or output error, 2 a usage error, 128 + the signal that stopped
// --follow (130 for Ctrl-C), like tail.

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
    run_summary summary;
    try {
        output out(STDOUT_FILENO);
        summary = o.follow ? run_follow(o, out) : run_grouping(o, out);
        out.flush();
    } catch (const output_closed&) {
        return 0;
    } catch (const std::exception& e) {
        report(e.what());
        return 1;
    }
    if (summary.unparsed > 0) {
        std::fprintf(stderr, "fiberlog-tail: %llu unparsed line%s (group \"unparsed\")\n",
                     static_cast<unsigned long long>(summary.unparsed),
                     summary.unparsed == 1 ? "" : "s");
    }
    if (summary.stop_signal != 0) {
        // Die of the signal, as tail does, so that a calling shell sees the interruption.
        std::signal(summary.stop_signal, SIG_DFL);
        std::raise(summary.stop_signal);
    }
    return summary.input_failed ? 1 : 0;
}
