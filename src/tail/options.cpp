#include "options.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>

#include "time.hpp"

namespace fiberlog::tail {

namespace {

constexpr const char* usage = "Usage: fiberlog-tail [OPTIONS] [FILE...]";

std::int64_t now_us() {
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

std::int64_t time_argument(const std::string& option, const std::string& text) {
    std::int64_t us = 0;
    if (!parse_time_argument(text, now_us(), us)) {
        throw CLI::ValidationError(option, "'" + text +
                                               "' is neither an RFC 3339 time "
                                               "(2026-11-23T10:00:00Z) nor a duration (15m)");
    }
    return us;
}

std::pair<std::string, std::string> where_argument(const std::string& text) {
    const std::size_t eq = text.find('=');
    if (eq == std::string::npos || eq == 0) {
        throw CLI::ValidationError("--where", "'" + text + "' is not key=value");
    }
    return {text.substr(0, eq), text.substr(eq + 1)};
}

// A level name in any case: "WARN" is "warn".
level level_argument(const std::string& text) {
    std::string lower = text;
    for (char& c : lower) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    level l{};
    if (!parse_level(lower, l)) {
        throw CLI::ValidationError("--level", "'" + text +
                                                  "' is no spdlog level (trace, debug, info, "
                                                  "warning or warn, error or err, critical)");
    }
    return l;
}

// A fiber id as the logs write it: decimal digits only, at most 2^64 - 1. CLI11's own
// conversion would take "0x10" as 16 and cap 99999999999999999999 at 2^64 - 1.
std::uint64_t fiber_id_argument(const std::string& option, const std::string& text) {
    std::uint64_t id = 0;
    bool ok = !text.empty();
    for (const char c : text) {
        const auto digit = static_cast<std::uint64_t>(c - '0');
        if (c < '0' || c > '9' || id > (UINT64_MAX - digit) / 10) {
            ok = false;
            break;
        }
        id = id * 10 + digit;
    }
    if (!ok) {
        throw CLI::ValidationError(
            option, "'" + text + "' is no fiber id (a decimal number up to 18446744073709551615)");
    }
    return id;
}

grep_pattern grep_argument(const std::string& text) {
    try {
        return grep_pattern(text);
    } catch (const std::invalid_argument& e) {
        throw CLI::ValidationError("--grep",
                                   "'" + text + "' is not a regular expression: " + e.what());
    }
}

// The option values as typed, before they are checked and converted.
struct typed_options {
    std::string tree, level, grep, since, until, format = "text", color = "auto";
    std::vector<std::string> where, fibers;
};

void declare_options(CLI::App& app, typed_options& typed, options& out) {
    app.set_version_flag("--version", FIBERLOG_TAIL_VERSION);
    app.add_option("files", out.files, "Log files, merged by timestamp; stdin when none or '-'")
        ->type_name("FILE");
    app.add_option("--by", out.by, "Group by this context key instead of by fiber")
        ->type_name("KEY");
    app.add_option("--tree", typed.tree, "Only fiber ID and its descendants, indented by depth")
        ->type_name("ID");
    app.add_option("--fiber", typed.fibers, "Only this fiber (repeatable)")
        ->type_name("ID")
        ->allow_extra_args(false);
    app.add_option("--level", typed.level,
                   "Only this level and above: trace, debug, info, warning, error, critical")
        ->type_name("LEVEL");
    app.add_option("--where", typed.where, "Only records whose context has key=value (repeatable)")
        ->type_name("KEY=VALUE")
        ->allow_extra_args(false);
    app.add_option("--grep", typed.grep,
                   "Only records whose message matches REGEX (POSIX extended, as grep -E)")
        ->type_name("REGEX");
    app.add_option("--since", typed.since,
                   "Only records at or after TIME: RFC 3339 or a duration ago")
        ->type_name("TIME");
    app.add_option("--until", typed.until,
                   "Only records at or before TIME: RFC 3339 or a duration ago")
        ->type_name("TIME");
    auto* format = app.add_option("--output", typed.format, "text (default) or jsonl")
                       ->type_name("FORMAT")
                       ->check(CLI::IsMember({"text", "jsonl"}));
    app.add_option("--color", typed.color, "Colors per group in text output: auto, always or never")
        ->type_name("WHEN")
        ->check(CLI::IsMember({"auto", "always", "never"}));
    auto* count =
        app.add_flag("--count", out.count, "Print each group's key, a tab and its line count");
    auto* follow =
        app.add_flag("-f,--follow", out.follow, "Keep reading as the files grow, like tail -F");
    count->excludes(follow)->excludes(format);
    app.add_option("--threads", out.threads,
                   "Threads that read the files (default: one per core); the output is the same")
        ->type_name("N")
        ->check(CLI::Range(1, 256));
}

// Fills the rest of `out` from `typed`. Throws CLI::ValidationError.
void convert(const CLI::App& app, const typed_options& typed, options& out) {
    filter_options& filter = out.filter;
    if (app.count("--tree") > 0) filter.tree_root = fiber_id_argument("--tree", typed.tree);
    for (const std::string& f : typed.fibers) {
        filter.fibers.push_back(fiber_id_argument("--fiber", f));
    }
    if (app.count("--level") > 0) filter.min_level = level_argument(typed.level);
    for (const std::string& w : typed.where) filter.where.push_back(where_argument(w));
    if (app.count("--grep") > 0) filter.grep = grep_argument(typed.grep);
    if (!typed.since.empty()) filter.since_us = time_argument("--since", typed.since);
    if (!typed.until.empty()) filter.until_us = time_argument("--until", typed.until);
    if (out.follow && std::find(out.files.begin(), out.files.end(), "-") != out.files.end()) {
        if (out.files.size() > 1) {
            throw CLI::ValidationError("--follow", "follows files or stdin ('-'), not both");
        }
        out.files.clear();
    }
    out.format = typed.format == "jsonl" ? output_format::jsonl : output_format::text;
    out.color = typed.color == "always"  ? color_mode::always
                : typed.color == "never" ? color_mode::never
                                         : color_mode::automatic;
}

}  // namespace

std::optional<int> parse_options(int argc, const char* const* argv, options& out) {
    CLI::App app{
        "Reads fiberlog's logs (JSON lines or the default text pattern) grouped by fiber, by a "
        "fiber's subtree or by a context key; or follows them as they grow.",
        "fiberlog-tail"};
    typed_options typed;
    declare_options(app, typed, out);
    try {
        app.parse(argc, argv);
        convert(app, typed, out);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) return app.exit(e);
        std::cerr << "fiberlog-tail: " << e.what() << '\n'
                  << usage << "\nRun with --help for more information.\n";
        return 2;
    }
    return std::nullopt;
}

bool use_color(color_mode mode) {
    switch (mode) {
        case color_mode::always:
            return true;
        case color_mode::never:
            return false;
        case color_mode::automatic:
            break;
    }
    const char* no_color = std::getenv("NO_COLOR");
    const char* term = std::getenv("TERM");
    return ::isatty(STDOUT_FILENO) == 1 && (no_color == nullptr || *no_color == '\0') &&
           (term == nullptr || std::string_view(term) != "dumb");
}

}  // namespace fiberlog::tail
