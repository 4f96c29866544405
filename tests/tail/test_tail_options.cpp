// fiberlog-tail's options as operators use them: --help and the manual page, hl-style --where
// operators, --grep-line, -i, --invert, --logger, --by on built-in fields, --local, level
// colors.

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "cli.hpp"
#include "log_writer.hpp"
#include "tail_process.hpp"

namespace {

using namespace fiberlog::tail::test;

// Every option, as --help and the manual page must list it.
const std::vector<std::string> all_options = {
    "--by",    "--tree",  "--fiber",  "--level",  "--logger", "--where", "--grep",
    "--grep-line", "--ignore-case", "--invert", "--since", "--until", "--output",
    "--count", "--color", "--utc", "--local", "--follow", "--lines", "--threads", "--help",
    "--version"};

TEST(tail_options, help_lists_every_option_in_80_columns_with_times_examples_and_exit_codes) {
    const run_result r = run_tail({"--help"});
    ASSERT_EQ(r.status, 0);
    for (const std::string& option : all_options) {
        EXPECT_NE(r.out.find(" " + option + " "), std::string::npos) << option;
    }
    for (const char* text : {"Usage: fiberlog-tail [OPTIONS] [FILE...]", "\nTimes:\n",
                             "15m, 1h30m, 500ms", "units ms, s, m, h, d", "\nExamples:\n",
                             "fiberlog-tail --by request_id app.log", "\nExit status:\n",
                             "  130, 143 ", "  -i, --ignore-case ", "  -f, --follow "}) {
        EXPECT_NE(r.out.find(text), std::string::npos) << text;
    }
    // One id per --fiber: the help does not promise "--fiber ID ...".
    EXPECT_NE(r.out.find("  --fiber ID  "), std::string::npos);
    EXPECT_EQ(r.out.find("ID ..."), std::string::npos);
    for (const std::string& line : split_lines(r.out)) {
        EXPECT_LT(line.size(), 80u) << line;
    }
    EXPECT_EQ(run_tail({"-h"}).out, r.out);
}

TEST(tail_options, the_manual_page_has_every_option_and_section) {
    std::ifstream file(FIBERLOG_TAIL_MAN_PAGE);
    ASSERT_TRUE(file) << FIBERLOG_TAIL_MAN_PAGE;
    const std::string page((std::istreambuf_iterator<char>(file)),
                           std::istreambuf_iterator<char>());
    EXPECT_EQ(page.rfind(".TH FIBERLOG-TAIL 1 ", 0), 0u);
    for (std::string option : all_options) {
        std::string roff;
        for (const char c : option) roff += c == '-' ? std::string("\\-") : std::string(1, c);
        EXPECT_TRUE(page.find("\\fB" + roff) != std::string::npos ||
                    page.find(", " + roff) != std::string::npos)
            << option;
    }
    for (const char* section : {".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH TIMES",
                                ".SH EXAMPLES", ".SH EXIT STATUS", ".SH SEE ALSO"}) {
        EXPECT_NE(page.find(section), std::string::npos) << section;
    }
}

// Records with a context path and user; fiber 3 has no user.
std::string where_log() {
    std::string out;
    const char* paths[] = {"/orders/12", "/users/alice", "/ORDERS/7"};
    const char* users[] = {"Alice", "bob", ""};
    for (int i = 0; i < 3; ++i) {
        log_line l = line_at(i, static_cast<std::uint64_t>(i + 1), "m");
        l.ctx = {{"path", std::string(paths[i])}};
        if (*users[i] != '\0') l.ctx.emplace_back("user", std::string(users[i]));
        out += json_line(l) + "\n";
    }
    return out;
}

TEST(tail_options, where_takes_hl_operators_and_negations) {
    const std::string log = where_log();
    EXPECT_EQ(tail_ok({"--where", "path~=/orders", "--count"}, log), "1\t1\n");
    EXPECT_EQ(tail_ok({"-i", "--where", "path~=/orders", "--count"}, log), "1\t1\n3\t1\n");
    EXPECT_EQ(tail_ok({"--where", "path~~=^/[a-z]+/[0-9]+$", "--count"}, log), "1\t1\n");
    EXPECT_EQ(tail_ok({"--where", "path!~=/orders", "--count"}, log), "2\t1\n3\t1\n");
    EXPECT_EQ(tail_ok({"--where", "path!~~=[0-9]", "--count"}, log), "2\t1\n");
    EXPECT_EQ(tail_ok({"--where", "user=Alice", "--count"}, log), "1\t1\n");
    EXPECT_EQ(tail_ok({"-i", "--where", "user=alice", "--count"}, log), "");  // = is exact
    EXPECT_EQ(tail_ok({"-i", "--where", "user~~=^ALICE$", "--count"}, log), "1\t1\n");
    // A negation also holds for a record without the key.
    EXPECT_EQ(tail_ok({"--where", "user!=Alice", "--count"}, log), "2\t1\n3\t1\n");
    EXPECT_EQ(tail_ok({"--where", "user!=Alice", "--where", "path~=users", "--count"}, log),
              "2\t1\n");
}

TEST(tail_options, bad_where_expressions_are_usage_errors) {
    for (const char* bad : {"novalue", "=x", "!=x", "k~x", "k!x", "bad key=1", "k~~=(",
                            "ctx.=1"}) {
        const run_result r = run_tail({"--where", bad});
        EXPECT_EQ(r.status, 2) << bad;
        EXPECT_NE(r.err.find("--where"), std::string::npos) << r.err;
    }
}

TEST(tail_options, grep_line_searches_the_line_as_written_and_invert_flips_the_patterns) {
    const std::string log = where_log() + "not a record\n";
    // The message is "m" everywhere: only the whole line holds the path.
    EXPECT_EQ(tail_ok({"--grep", "orders", "--count"}, log), "");
    EXPECT_EQ(tail_ok({"--grep-line", "\"path\":\"/orders", "--count"}, log), "1\t1\n");
    EXPECT_EQ(tail_ok({"--grep-line", "record", "--count"}, log), "unparsed\t1\n");
    EXPECT_EQ(tail_ok({"-i", "--grep-line", "/ORDERS", "--count"}, log), "1\t1\n3\t1\n");
    EXPECT_EQ(tail_ok({"-v", "--grep-line", "orders", "--count"}, log),
              "2\t1\n3\t1\nunparsed\t1\n");
    EXPECT_EQ(tail_ok({"-i", "--invert", "--grep-line", "orders", "--count"}, log),
              "2\t1\nunparsed\t1\n");
    EXPECT_EQ(tail_ok({"--grep", "^m$", "--grep-line", "alice", "--count"}, log), "2\t1\n");
    const run_result lone = run_tail({"--invert"}, log);
    EXPECT_EQ(lone.status, 2);
    EXPECT_NE(lone.err.find("--grep"), std::string::npos);
}

TEST(tail_options, logger_keeps_the_named_loggers) {
    log_line a = line_at(0, 1, "a"), b = line_at(1, 2, "b"), c = line_at(2, 3, "c");
    a.logger = "http";
    b.logger = "db";
    c.logger = "http.client";
    const std::string log = json_line(a) + "\n" + text_line(b) + "\n" + json_line(c) + "\n";
    EXPECT_EQ(tail_ok({"--logger", "http", "--count"}, log), "1\t1\n");
    EXPECT_EQ(tail_ok({"--logger", "http", "--logger", "db", "--count"}, log), "1\t1\n2\t1\n");
    EXPECT_EQ(tail_ok({"--where", "logger~=http", "--count"}, log), "1\t1\n3\t1\n");
    EXPECT_EQ(tail_ok({"--by", "logger", "--count"}, log), "http\t1\ndb\t1\nhttp.client\t1\n");
}

// Two processes' lines with identity and trace fields, and an older line whose context holds
// "service" (written before the field existed).
std::string identity_log() {
    log_line a = traced_line(0, 12, "from api", "api", "h1", 4242, "00f067aa0ba902b7");
    log_line b = traced_line(1, 12, "from worker", "worker", "h2", 7, "1111111111111111",
                             "00f067aa0ba902b7");
    log_line old = line_at(2, 5, "old");
    a.ctx = {{"service", std::string("billing")}};  // a context key of the same name
    old.ctx = {{"service", std::string("legacy")}};
    return json_line(a) + "\n" + json_line(b) + "\n" + json_line(old) + "\n";
}

TEST(tail_options, by_and_where_take_built_in_fields_before_context_keys) {
    const std::string log = identity_log();
    EXPECT_EQ(tail_ok({"--by", "service", "--count"}, log), "api\t1\nworker\t1\nlegacy\t1\n");
    EXPECT_EQ(tail_ok({"--by", "ctx.service", "--count"}, log), "billing\t1\n(none)\t1\nlegacy\t1\n");
    EXPECT_EQ(tail_ok({"--by", "pid", "--count"}, log), "4242\t1\n7\t1\n(none)\t1\n");
    EXPECT_EQ(tail_ok({"--by", "host", "--count"}, log), "h1\t1\nh2\t1\n(none)\t1\n");
    EXPECT_EQ(tail_ok({"--by", "trace_id", "--count"}, log),
              "4bf92f3577b34da6a3ce929d0e0e4736\t2\n(none)\t1\n");
    EXPECT_EQ(tail_ok({"--by", "parent_span_id", "--count"}, log),
              "(none)\t2\n00f067aa0ba902b7\t1\n");
    EXPECT_EQ(tail_ok({"--where", "pid=7", "--count"}, log), "12\t1\n");
    EXPECT_EQ(tail_ok({"--where", "span_id~=00f0", "--output", "jsonl"}, log),
              split_lines(log)[0] + "\n");
    const std::string grouped = tail_ok({"--by", "service", "--where", "service=api"}, log);
    EXPECT_EQ(grouped.substr(0, grouped.find('\n')), "== service=api | 1 line | service=billing");
}

TEST(tail_options, local_shows_times_in_the_tz_zone) {
    const std::string log = json_line(line_at(0, 1, "m")) + "\n";
    const run_result local = run_tail({"--local"}, log, {"TZ=CET-1"});
    EXPECT_EQ(local.status, 0);
    EXPECT_NE(local.out.find("  2026-11-23T11:00:00.000000+01:00 info "), std::string::npos)
        << local.out;
    const run_result utc = run_tail({"--utc", "--follow"}, log, {"TZ=CET-1"});
    EXPECT_EQ(utc.out, "[1] 2026-11-23T10:00:00.000000Z info     app: m\n");
    const run_result both = run_tail({"--utc", "--local"}, log);
    EXPECT_EQ(both.status, 2);
}

TEST(tail_options, since_takes_a_date_a_time_of_day_and_combined_durations) {
    const std::string log = json_line(line_at(0, 1, "m")) + "\n";  // 2026-11-23T10:00:00Z
    EXPECT_EQ(tail_ok({"--since", "2026-11-23", "--count"}, log), "1\t1\n");
    EXPECT_EQ(tail_ok({"--since", "2026-11-24", "--count"}, log), "");
    EXPECT_EQ(tail_ok({"--until", "2026-11-23", "--count"}, log), "");
    EXPECT_EQ(tail_ok({"--since", "1h30m", "--count"}, log), "");  // long ago
    EXPECT_EQ(tail_ok({"--until", "1h30m", "--count"}, log), "1\t1\n");
    const run_result bad = run_tail({"--since", "25:00"}, log);
    EXPECT_EQ(bad.status, 2);
    EXPECT_NE(bad.err.find("a time of today (10:30)"), std::string::npos) << bad.err;
}

TEST(tail_options, levels_stand_out_in_their_own_colors) {
    log_line info = line_at(0, 1, "i"), warn = line_at(1, 1, "w"), err = line_at(2, 1, "e"), crit = line_at(3, 1, "c");
    warn.level = "warning";
    err.level = "error";
    crit.level = "critical";
    const std::string log = json_line(info) + "\n" + json_line(warn) + "\n" + json_line(err) +
                            "\n" + json_line(crit) + "\n";
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"--color", "always"}, {"--color", "always", "--follow"}}) {
        const std::string out = tail_ok(args, log);
        EXPECT_NE(out.find(" info     app: i"), std::string::npos) << out;  // info plain
        EXPECT_NE(out.find(" \x1b[33mwarning\x1b[0m  "), std::string::npos) << out;
        EXPECT_NE(out.find(" \x1b[1;31merror\x1b[0m    "), std::string::npos) << out;
        EXPECT_NE(out.find(" \x1b[1;97;41mcritical\x1b[0m "), std::string::npos) << out;
    }
    // No group takes red or yellow: 20 groups, none in 31, 33, 91 or 93.
    std::string many;
    for (int i = 0; i < 20; ++i) many += json_line(line_at(i, static_cast<std::uint64_t>(i), "m")) + "\n";
    const std::string out = tail_ok({"--color", "always"}, many);
    for (const char* red_or_yellow : {"\x1b[31m", "\x1b[33m", "\x1b[91m", "\x1b[93m"}) {
        EXPECT_EQ(out.find(red_or_yellow), std::string::npos) << red_or_yellow;
    }
}

}  // namespace
