#include "options.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string_view>

#include "manual.hpp"
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
                                               "' is no time: RFC 3339 (2026-11-23T10:00:00Z), "
                                               "a date (2026-11-23), a time of today (10:30) or "
                                               "a duration ago (15m, 1h30m)");
    }
    return us;
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

// -n's N: a decimal count.
std::uint64_t count_argument(const std::string& option, const std::string& text) {
    try {
        return fiber_id_argument(option, text);
    } catch (const CLI::ValidationError&) {
        throw CLI::ValidationError(option, "'" + text + "' is no count (a decimal number)");
    }
}

// A W3C trace id: 32 hex digits, not all zero; taken in any case, kept in lowercase.
std::string trace_id_argument(const std::string& text) {
    std::string id = text;
    bool ok = id.size() == 32 && id.find_first_not_of('0') != std::string::npos;
    for (char& c : id) {
        if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
        ok &= (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }
    if (!ok) {
        throw CLI::ValidationError("--trace",
                                   "'" + text + "' is no trace id (32 hex digits, not all 0)");
    }
    return id;
}

// make(), with its std::invalid_argument turned into a usage error of `option`.
template <class Make>
auto argument(const std::string& option, Make make) {
    try {
        return make();
    } catch (const std::invalid_argument& e) {
        throw CLI::ValidationError(option, e.what());
    }
}

// The option values as typed, before they are checked and converted.
struct typed_options {
    std::string by, tree, trace, level, grep, grep_line, since, until, lines;
    std::string format = "text", color = "auto";
    std::vector<std::string> fibers, loggers, where;
    bool ignore_case = false, invert = false, utc = false, help = false;
};

void declare_options(CLI::App& app, typed_options& typed, options& out) {
    app.set_help_flag();  // ours below: help_text() lays the options out, with the sections
    app.add_option("files", out.files,
                   "Logs, merged by time (ties in file order); stdin when none or '-'")
        ->type_name("FILE")
        ->group("Input");

    const std::string grouping = "Grouping (default: by fiber, each process's fibers apart)";
    app.add_option("--by", typed.by,
                   "Group by a context key or a field: trace_id, span_id, parent_span_id, "
                   "service, host, pid, logger (the field when the line has it, else the "
                   "context key of that name; ctx.KEY: the context key only). Lines without it "
                   "form the group (none)")
        ->type_name("KEY")
        ->group(grouping);
    app.add_option("--tree", typed.tree,
                   "Fiber ID and its descendants, depth first, indented by depth (in each "
                   "process that has a fiber ID)")
        ->type_name("ID")
        ->group(grouping);
    app.add_option("--trace", typed.trace,
                   "The lines of trace ID from every input as its span tree: a group per span "
                   "under its parent span (a span whose parent is not in the logs is a root), "
                   "each with its process and fiber; with --flat or --follow, only its lines")
        ->type_name("ID")
        ->group(grouping);
    app.add_flag("--flat", out.flat,
                 "No groups: one stream in time order, each line tagged as --follow tags it")
        ->group(grouping);

    const std::string filters = "Filters (a record must pass all)";
    app.add_option("--fiber", typed.fibers, "Only this fiber (repeatable: any of them)")
        ->type_name("ID")
        ->allow_extra_args(false)
        ->group(filters);
    app.add_option("--level", typed.level,
                   "Only this level and above: trace, debug, info, warning (warn), error (err), "
                   "critical, in any case")
        ->type_name("LEVEL")
        ->group(filters);
    app.add_option("--logger", typed.loggers, "Only this logger (repeatable: any of them)")
        ->type_name("NAME")
        ->allow_extra_args(false)
        ->group(filters);
    app.add_option("--where", typed.where,
                   "KEY=VALUE: the field or context key (as for --by) prints as VALUE, so "
                   "attempt=2 matches 2 and \"2\"; KEY~=TEXT contains TEXT; KEY~~=REGEX matches "
                   "REGEX; KEY!=VALUE, KEY!~=TEXT, KEY!~~=REGEX: the opposite, also true without "
                   "the key (repeatable: all of them)")
        ->type_name("EXPR")
        ->allow_extra_args(false)
        ->group(filters);
    app.add_option("--grep", typed.grep,
                   "The message matches REGEX (POSIX extended, as grep -E); a line that is no "
                   "record is searched whole")
        ->type_name("REGEX")
        ->group(filters);
    app.add_option("--grep-line", typed.grep_line, "The line as written matches REGEX")
        ->type_name("REGEX")
        ->group(filters);
    app.add_flag("-i,--ignore-case", typed.ignore_case,
                 "--grep, --grep-line, ~= and ~~= ignore case")
        ->group(filters);
    app.add_flag("-v,--invert", typed.invert,
                 "Only the records that --grep and --grep-line do not match")
        ->group(filters);
    app.add_option("--since", typed.since, "Only records at or after TIME (see Times)")
        ->type_name("TIME")
        ->group(filters);
    app.add_option("--until", typed.until, "Only records at or before TIME (see Times)")
        ->type_name("TIME")
        ->group(filters);
    app.add_option("-n,--lines", typed.lines,
                   "Only the last N records of the selection; with --follow, of each file "
                   "before following it (of a stream: at its end)")
        ->type_name("N")
        ->group(filters);

    const std::string output_group = "Output";
    auto* format = app.add_option("--output", typed.format,
                                  "text (default): a header per group, then its lines; jsonl: "
                                  "the records as JSON lines, each group's together")
                       ->type_name("FORMAT")
                       ->group(output_group);
    auto* count = app.add_flag("--count", out.count,
                               "Each group's key, a tab and its line count (then a tab and the "
                               "fiber's process, or file, when there are several)")
                      ->group(output_group);
    app.add_option("--color", typed.color,
                   "auto (default: on a terminal, unless NO_COLOR is set or TERM is dumb), "
                   "always or never: a color per group, errors and warnings in theirs")
        ->type_name("WHEN")
        ->group(output_group);
    auto* utc = app.add_flag("--utc", typed.utc, "Show times in UTC (the default)")
                    ->group(output_group);
    auto* local = app.add_flag("--local", out.local_time,
                               "Show times in the local zone (TZ), with its offset")
                      ->group(output_group);
    auto* follow = app.add_flag("-f,--follow", out.follow,
                                "Print the files, then each line as it is written, tagged with "
                                "its group (and its process, or file, when there may be "
                                "several), like tail -F (rotation, truncation); a FIFO as a "
                                "stream; until Ctrl-C")
                       ->group(output_group);
    app.add_flag("-h,--help", typed.help, "Print this help and exit")->group("Other");
    app.set_version_flag("--version", FIBERLOG_TAIL_VERSION, "Print the version and exit")
        ->group("Other");
    count->excludes(follow)->excludes(format);
    app.add_option("--threads", out.threads,
                   "Threads that read and render the files (default: one per core); the "
                   "output is the same")
        ->type_name("N")
        ->check(CLI::Range(1, 256).description(""))
        ->group("Other");
    utc->excludes(local);
}

// Fills the rest of `out` from `typed`. Throws CLI::ValidationError.
void convert(const CLI::App& app, const typed_options& typed, options& out) {
    const auto given = [&](const char* option) { return app.count(option) > 0; };
    filter_options& filter = out.filter;
    if (given("--by")) out.by = argument("--by", [&] { return field_ref(typed.by); });
    if (given("--tree")) filter.tree_root = fiber_id_argument("--tree", typed.tree);
    if (given("--trace")) {
        out.trace = trace_id_argument(typed.trace);
        // Only the trace's lines, in every mode (--follow too, which draws no tree).
        filter.where.emplace_back("trace_id=" + *out.trace, false);
    }
    for (const std::string& f : typed.fibers) {
        filter.fibers.push_back(fiber_id_argument("--fiber", f));
    }
    if (given("--level")) filter.min_level = level_argument(typed.level);
    filter.loggers = typed.loggers;
    for (const std::string& w : typed.where) {
        filter.where.push_back(
            argument("--where", [&] { return where_clause(w, typed.ignore_case); }));
    }
    if (given("--grep")) {
        filter.grep = argument("--grep",
                               [&] { return grep_pattern(typed.grep, typed.ignore_case); });
    }
    if (given("--grep-line")) {
        filter.grep_line = argument("--grep-line", [&] {
            return grep_pattern(typed.grep_line, typed.ignore_case);
        });
    }
    if (typed.invert && !filter.grep && !filter.grep_line) {
        throw CLI::ValidationError("--invert", "inverts --grep or --grep-line: give one");
    }
    filter.invert = typed.invert;
    if (given("--since")) filter.since_us = time_argument("--since", typed.since);
    if (given("--until")) filter.until_us = time_argument("--until", typed.until);
    if (given("--lines")) out.lines = count_argument("--lines", typed.lines);
    if (out.trace && (out.by || filter.tree_root)) {
        throw CLI::ValidationError("--trace", "groups by span: not with --by or --tree");
    }
    if (out.flat && (out.count || out.follow)) {
        throw CLI::ValidationError("--flat", "not with --count; --follow is a stream already");
    }
    if (out.follow && std::find(out.files.begin(), out.files.end(), "-") != out.files.end()) {
        if (out.files.size() > 1) {
            throw CLI::ValidationError("--follow", "follows files or stdin ('-'), not both");
        }
        out.files.clear();
    }
    if (typed.format != "text" && typed.format != "jsonl") {
        throw CLI::ValidationError("--output", "'" + typed.format + "' is neither text nor jsonl");
    }
    out.format = typed.format == "jsonl" ? output_format::jsonl : output_format::text;
    if (typed.color != "auto" && typed.color != "always" && typed.color != "never") {
        throw CLI::ValidationError("--color",
                                   "'" + typed.color + "' is none of auto, always, never");
    }
    out.color = typed.color == "always"  ? color_mode::always
                : typed.color == "never" ? color_mode::never
                                         : color_mode::automatic;
}

}  // namespace

std::optional<int> parse_options(int argc, const char* const* argv, options& out) {
    CLI::App app{std::string(), "fiberlog-tail"};
    typed_options typed;
    declare_options(app, typed, out);
    try {
        app.parse(argc, argv);
        if (typed.help) {
            std::cout << help_text(app);
            return 0;
        }
        convert(app, typed, out);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) return app.exit(e);
        std::cerr << "fiberlog-tail: " << e.what() << '\n'
                  << usage << "\nRun with --help for more information.\n";
        return 2;
    }
    return std::nullopt;
}

std::string manual_page() {
    CLI::App app{std::string(), "fiberlog-tail"};
    typed_options typed;
    options out;
    declare_options(app, typed, out);
    return man_page(app, FIBERLOG_TAIL_VERSION);
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
