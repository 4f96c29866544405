// fiberlog-tail as users run it: the real executable, its output and exit status.

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli.hpp"
#include "log_writer.hpp"
#include "tail_process.hpp"
#include "temp_dir.hpp"

namespace {

using namespace fiberlog::tail::test;
using nlohmann::json;

const std::string mixed = data_dir + "/mixed.log";  // text + JSON + malformed lines
const std::string tree = data_dir + "/tree.jsonl";  // 1 -> {2 -> 4 -> 5, 3 -> 6}; 9 -> 10

// --- grouping ---

TEST(tail_cli, groups_by_fiber_in_order_of_first_appearance) {
    const run_result r = run_tail({"--count", mixed});
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out, "12\t2\n13\t2\n20\t2\nunparsed\t2\n3\t1\n");
    EXPECT_EQ(r.err, "fiberlog-tail: 2 unparsed lines (group \"unparsed\")\n");
}

TEST(tail_cli, text_output_has_a_header_per_group_and_lines_in_input_order) {
    const std::string out = tail_ok({"--fiber", "12", "--fiber", "20", mixed});
    EXPECT_EQ(
        out,
        "== fiber 12 (parent 3) | 2 lines | request_id=r-1 user=alice attempt=2 ok=true ratio=0.5\n"
        "  2026-11-23T10:00:00.100000Z info     http: request started\n"
        "  2026-11-23T10:00:00.400000Z info     http: request done  {attempt=3}\n"
        "\n"
        "== fiber 20 (parent 3) | 2 lines | request_id=r-2 user=bob\n"
        "  2026-11-23T10:00:00.250000Z info     http: request started\n"
        "  2026-11-23T10:00:00.350000Z error    http: upstream failed: \"timeout\"  "
        "{msg=shadowed}\n");
}

TEST(tail_cli, by_groups_by_a_context_key_with_a_group_for_records_without_it) {
    EXPECT_EQ(tail_ok({"--by", "request_id", "--count", mixed}),
              "r-1\t4\nr-2\t2\nunparsed\t2\n(none)\t1\n");
    const std::string text = tail_ok({"--by", "user", "--where", "user=alice", mixed});
    EXPECT_EQ(
        text,
        "== user=alice | 4 lines | request_id=r-1 attempt=2 ok=true ratio=0.5\n"
        "  2026-11-23T10:00:00.100000Z info     [12/3] http: request started\n"
        "  2026-11-23T10:00:00.200000Z debug    [13/12] db: query sent  "
        "{query=\"select 1\" -attempt -ok -ratio}\n"
        "  2026-11-23T10:00:00.300000Z warning  [13/12] db: slow query  "
        "{query=\"select 1\" -attempt -ok -ratio}\n"
        "  2026-11-23T10:00:00.400000Z info     [12/3] http: request done  {attempt=3}\n");
}

TEST(tail_cli, tree_prints_a_fiber_and_its_descendants_depth_first_and_indented) {
    const std::string out = tail_ok({"--tree", "1", tree});
    std::vector<std::string> headers;
    for (const std::string& line : split_lines(out)) {
        if (line.find("== fiber") != std::string::npos)
            headers.push_back(line.substr(0, line.find(" (")));
    }
    EXPECT_EQ(headers,
              (std::vector<std::string>{"== fiber 1", "  == fiber 2", "    == fiber 4",
                                        "      == fiber 5", "  == fiber 3", "    == fiber 6"}));
    EXPECT_NE(out.find("\n        2026-11-23T10:00:08.000000Z info     app: great-grandchild 5\n"),
              std::string::npos)
        << out;
    EXPECT_EQ(out.find("another"), std::string::npos);  // the other tree is left out
}

TEST(tail_cli, tree_combines_with_count_jsonl_by_and_filters) {
    EXPECT_EQ(tail_ok({"--tree", "2", "--count", tree}), "2\t2\n4\t1\n5\t1\n");
    EXPECT_EQ(tail_ok({"--tree", "9", "--count", tree}), "9\t1\n10\t1\n");
    EXPECT_EQ(tail_ok({"--tree", "1", "--by", "request_id", "--count", tree}), "r-7\t8\n");
    EXPECT_EQ(tail_ok({"--tree", "1", "--grep", "^child", "--count", tree}), "2\t2\n3\t1\n");
    std::vector<std::uint64_t> fibers;
    for (const json& r : parse_jsonl(tail_ok({"--tree", "1", "--output", "jsonl", tree}))) {
        fibers.push_back(r["fiber"].get<std::uint64_t>());
    }
    EXPECT_EQ(fibers, (std::vector<std::uint64_t>{1, 1, 2, 2, 4, 5, 3, 6}));
}

// One run of a fiber tree four levels deep under the main context (fiber 2), written by
// fiberlog's spdlog integration through three sinks of one logger, with TZ=UTC: the default
// text pattern, JSON lines, flattened JSON lines (see data/README.md).
const std::string spdlog_text = data_dir + "/spdlog_text.log";
const std::string spdlog_json = data_dir + "/spdlog_json.jsonl";
const std::string spdlog_flat = data_dir + "/spdlog_flat.jsonl";

TEST(tail_cli, reads_the_spdlog_integrations_three_formats_alike) {
    const std::string tree_counts =
        "2\t1\n3\t2\n5\t3\n9\t3\n11\t2\n6\t1\n4\t2\n7\t3\n10\t3\n12\t2\n8\t1\n";
    const std::string by_request = tail_ok({"--by", "request_id", spdlog_json});
    const std::string tree_text = tail_ok({"--tree", "2", spdlog_json});
    EXPECT_NE(tree_text.find("\n        == fiber 11 (parent 9) | 2 lines | request_id=r-1 "),
              std::string::npos)
        << tree_text;
    for (const std::string& log : {spdlog_text, spdlog_json, spdlog_flat}) {
        EXPECT_EQ(tail_ok({"--tree", "2", "--count", log}), tree_counts) << log;
        EXPECT_EQ(tail_ok({"--by", "request_id", log}), by_request) << log;
        EXPECT_EQ(tail_ok({"--tree", "2", log}), tree_text) << log;
        EXPECT_EQ(tail_ok({"--where", "msg=shadows the message field", "--count", log}),
                  "6\t1\n8\t1\n")
            << log;
        EXPECT_EQ(tail_ok({"--where", "code=2", "--where", "ratio=1.0", "--count", log}),
                  "4\t2\n7\t3\n8\t1\n10\t3\n12\t2\n")
            << log;
    }
}

TEST(tail_cli, converts_the_spdlog_text_pattern_to_its_json_lines) {
    std::vector<json> from_json = parse_jsonl(tail_ok({"--output", "jsonl", spdlog_json}));
    const std::vector<json> from_text = parse_jsonl(tail_ok({"--output", "jsonl", spdlog_text}));
    for (json& r : from_json) r["thread"] = 0;  // the text pattern has no thread id
    EXPECT_EQ(from_text, from_json);
}

// --- filters ---

TEST(tail_cli, fiber_filter_keeps_the_named_fibers) {
    EXPECT_EQ(tail_ok({"--fiber", "13", "--count", mixed}), "13\t2\n");
    EXPECT_EQ(tail_ok({"--fiber", "3", "--fiber", "20", "--count", mixed}), "20\t2\n3\t1\n");
}

TEST(tail_cli, fiber_ids_are_read_up_to_the_largest_uint64) {
    log_line l;
    l.fiber = UINT64_MAX;
    l.parent = UINT64_MAX - 1;
    const std::string input = json_line(l) + "\n";
    EXPECT_EQ(tail_ok({"--fiber", "18446744073709551615", "--count"}, input),
              "18446744073709551615\t1\n");
    EXPECT_EQ(tail_ok({"--tree", "018446744073709551615", "--count"}, input),
              "18446744073709551615\t1\n");
    EXPECT_EQ(tail_ok({"--fiber", "18446744073709551614", "--count"}, input), "");
}

TEST(tail_cli, level_filter_keeps_that_level_and_above) {
    EXPECT_EQ(tail_ok({"--level", "warning", "--count", mixed}), "13\t1\n20\t1\n");
    EXPECT_EQ(tail_ok({"--level", "WARNING", "--count", mixed}), "13\t1\n20\t1\n");
    EXPECT_EQ(tail_ok({"--level", "Err", "--count", mixed}), "20\t1\n");
    EXPECT_EQ(tail_ok({"--level", "err", "--count", mixed}), "20\t1\n");
    EXPECT_EQ(tail_ok({"--level", "trace", "--count", mixed}), "12\t2\n13\t2\n20\t2\n3\t1\n");
}

TEST(tail_cli, where_filters_must_all_hold_and_compare_printed_values) {
    EXPECT_EQ(tail_ok({"--where", "request_id=r-1", "--where", "user=alice", "--count", mixed}),
              "12\t2\n13\t2\n");
    EXPECT_EQ(tail_ok({"--where", "attempt=3", "--count", mixed}), "12\t1\n");
    EXPECT_EQ(tail_ok({"--where", "ok=true", "--where", "ratio=0.5", "--count", mixed}), "12\t2\n");
    EXPECT_EQ(tail_ok({"--where", "query=select 1", "--count", mixed}), "13\t2\n");
    EXPECT_EQ(tail_ok({"--where", "msg=shadowed", "--count", mixed}), "20\t1\n");
    EXPECT_EQ(tail_ok({"--where", "user=carol", "--count", mixed}), "");
}

TEST(tail_cli, grep_searches_the_message_and_unparsed_lines) {
    EXPECT_EQ(tail_ok({"--grep", "^request (started|done)$", "--count", mixed}), "12\t2\n20\t1\n");
    EXPECT_EQ(tail_ok({"--grep", "not a rec", "--count", mixed}), "unparsed\t1\n");
    EXPECT_EQ(tail_ok({"--grep", "\"timeout\"", "--count", mixed}), "20\t1\n");
}

TEST(tail_cli, since_and_until_are_inclusive_rfc3339_bounds) {
    EXPECT_EQ(tail_ok({"--since", "2026-11-23T10:00:00.3Z", "--until",
                       "2026-11-23T10:00:00.400000Z", "--count", mixed}),
              "13\t1\n20\t1\n12\t1\n");
    EXPECT_EQ(tail_ok({"--since", "2026-11-23T11:00:00.45+01:00", "--count", mixed}), "3\t1\n");
    // No zone: local time, UTC in these tests.
    EXPECT_EQ(tail_ok({"--until", "2026-11-23 10:00:00.1", "--count", mixed}), "12\t1\n");
}

TEST(tail_cli, since_and_until_accept_durations_before_now) {
    using namespace std::chrono;
    const std::int64_t now =
        duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
    log_line old_line, new_line;
    old_line.ts_us = now - 2 * 3600 * 1'000'000LL;
    old_line.fiber = 1;
    new_line.ts_us = now - 10 * 60 * 1'000'000LL;
    new_line.fiber = 2;
    const temp_dir dir;
    const std::string path =
        dir.write("log", json_line(old_line) + "\n" + json_line(new_line) + "\n");
    EXPECT_EQ(tail_ok({"--since", "1h", "--count", path}), "2\t1\n");
    EXPECT_EQ(tail_ok({"--until", "90m", "--count", path}), "1\t1\n");
    EXPECT_EQ(tail_ok({"--since", "1d", "--count", path}), "1\t1\n2\t1\n");
}

// --- formats ---

TEST(tail_cli, text_and_json_lines_of_one_fiber_form_one_group) {
    log_line a, b;
    a.fiber = b.fiber = 5;
    a.msg = "from json";
    b.msg = "from text";
    b.ts_us = a.ts_us + 1;
    const std::string out =
        tail_ok({"--output", "jsonl"}, json_line(a) + "\n" + text_line(b) + "\n");
    const std::vector<json> records = parse_jsonl(out);
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[0]["msg"], "from json");
    EXPECT_EQ(records[1]["msg"], "from text");
    EXPECT_EQ(records[1]["fiber"], 5);
}

TEST(tail_cli, jsonl_output_reparses_with_each_group_contiguous) {
    const std::string out = tail_ok({"--output", "jsonl", mixed});
    const std::vector<std::string> lines = split_lines(out);
    const std::vector<json> records = parse_jsonl(out);
    ASSERT_EQ(records.size(), 9u);
    std::vector<std::string> groups;
    for (const json& r : records) {
        const std::string g =
            r.contains("unparsed") ? "unparsed" : std::to_string(r["fiber"].get<int>());
        if (groups.empty() || groups.back() != g) groups.push_back(g);
    }
    EXPECT_EQ(groups, (std::vector<std::string>{"12", "13", "20", "unparsed", "3"}));
    // JSON lines come out as they went in.
    EXPECT_EQ(lines[0], split_lines(tail_ok({"--fiber", "12", "--output", "jsonl", mixed}))[0]);
    EXPECT_NE(lines[5].find("\"ctx.msg\":\"shadowed\""), std::string::npos);
    // Text lines become JSON in fiberlog's format, types kept.
    const json& text = records[2];
    EXPECT_EQ(text["ts"], "2026-11-23T10:00:00.200000Z");
    EXPECT_EQ(text["level"], "debug");
    EXPECT_EQ(text["logger"], "db");
    EXPECT_EQ(text["fiber"], 13);
    EXPECT_EQ(text["parent"], 12);
    EXPECT_EQ(text["thread"], 0);
    EXPECT_EQ(text["msg"], "query sent");
    EXPECT_EQ(text["ctx"],
              json::parse(R"({"request_id":"r-1","user":"alice","query":"select 1"})"));
    // Lines that are no record are wrapped.
    EXPECT_EQ(records[6]["unparsed"], "this line is not a record");
    EXPECT_EQ(records[7]["unparsed"], "{\"ts\":\"2026-11-23T10:00:00.5");
}

TEST(tail_cli, jsonl_output_keeps_context_types_of_text_lines) {
    log_line l;
    l.msg = "tab\there \xff";
    l.ctx = {{"s", std::string("2")}, {"i", std::int64_t{2}},         {"d", 2.5}, {"b", true},
             {"e", std::string("")},  {"q", std::string("a \"b\"\n")}};
    const std::vector<json> records =
        parse_jsonl(tail_ok({"--output", "jsonl"}, text_line(l) + "\n"));
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0]["msg"], "tab\there \xef\xbf\xbd");  // invalid UTF-8 replaced
    EXPECT_EQ(records[0]["ctx"],
              json::parse(R"({"s":"2","i":2,"d":2.5,"b":true,"e":"","q":"a \"b\"\n"})"));
}

TEST(tail_cli, text_timestamps_are_local_time) {
    const std::string line = "[2026-11-23 11:00:00.000000] [app] [info] [1/0] {} hi\n";
    const run_result r = run_tail({"--output", "jsonl"}, line, {"TZ=CET-1"});
    ASSERT_EQ(r.status, 0);
    EXPECT_EQ(parse_jsonl(r.out)[0]["ts"], "2026-11-23T10:00:00.000000Z");
}

TEST(tail_cli, malformed_lines_are_kept_as_unparsed_and_counted) {
    const std::string input =
        "{\"ts\":\"2026-11-23T10:00:00Z\",\"level\":\"info\",\"fiber\":1,\"msg\":\"ok\"}\n"
        "{\"ts\":\"2026-11-23T10:00:01Z\",\"level\":\"info\",\"fib\n"
        "[2026-11-23 10:00:02.000000] [app] [info] [1/0] {k=\"open} m\n"
        "\x1b[31m escape\n"
        "{\"ts\":\"2026-11-23T10:00:03Z\",\"level\":\"info\",\"fiber\":1,\"msg\":\"tr";
    const run_result r = run_tail({}, input);
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out,
              "== fiber 1 (parent 0) | 1 line\n"
              "  2026-11-23T10:00:00.000000Z info     ok\n"
              "\n"
              "== unparsed | 4 lines\n"
              "  {\"ts\":\"2026-11-23T10:00:01Z\",\"level\":\"info\",\"fib\n"
              "  [2026-11-23 10:00:02.000000] [app] [info] [1/0] {k=\"open} m\n"
              "  \\u001b[31m escape\n"
              "  {\"ts\":\"2026-11-23T10:00:03Z\",\"level\":\"info\",\"fiber\":1,\"msg\":\"tr\n");
    EXPECT_EQ(r.err, "fiberlog-tail: 4 unparsed lines (group \"unparsed\")\n");
}

TEST(tail_cli, json_lines_may_start_with_whitespace) {
    const std::string indented =
        " \t{\"ts\":\"2026-11-23T10:00:00Z\",\"level\":\"info\",\"fiber\":7,\"msg\":\"a\"}";
    const std::string plain =
        "{\"ts\":\"2026-11-23T10:00:01Z\",\"level\":\"info\",\"fiber\":7,\"msg\":\"b\"}";
    const std::string input = indented + "\n" + plain + "\n";
    EXPECT_EQ(tail_ok({"--count"}, input), "7\t2\n");
    // --output jsonl copies JSON lines as they were read.
    EXPECT_EQ(tail_ok({"--output", "jsonl"}, input), input);
}

// --- inputs ---

TEST(tail_cli, several_files_are_merged_by_timestamp_with_ties_in_file_order) {
    const temp_dir dir;
    std::string a, b;
    for (int i = 0; i < 4; ++i) {
        log_line l;
        l.fiber = 7;
        l.ts_us += (i / 2) * 1000;  // two lines per timestamp in each file
        l.msg = "a" + std::to_string(i);
        a += json_line(l) + "\n";
        l.msg = "b" + std::to_string(i);
        b += text_line(l) + "\n";
    }
    const std::string a_log = dir.write("a.log", a), b_log = dir.write("b.log", b);
    const auto messages = [](const std::string& jsonl) {
        std::vector<std::string> msgs;
        for (const json& r : parse_jsonl(jsonl)) msgs.push_back(r["msg"]);
        return msgs;
    };
    EXPECT_EQ(messages(tail_ok({"--flat", "--output", "jsonl", a_log, b_log})),
              (std::vector<std::string>{"a0", "a1", "b0", "b1", "a2", "a3", "b2", "b3"}));
    // Without process fields, each file is a source of its own: fiber 7 of a.log is not b.log's.
    EXPECT_EQ(messages(tail_ok({"--output", "jsonl", a_log, b_log})),
              (std::vector<std::string>{"a0", "a1", "a2", "a3", "b0", "b1", "b2", "b3"}));
    EXPECT_EQ(tail_ok({"--count", a_log, b_log}), "7\t4\t" + a_log + "\n7\t4\t" + b_log + "\n");
}

TEST(tail_cli, reads_stdin_when_no_file_or_a_dash_is_given) {
    std::ifstream file(tree);
    const std::string input((std::istreambuf_iterator<char>(file)),
                            std::istreambuf_iterator<char>());
    const std::string from_file = tail_ok({"--by", "request_id", tree});
    EXPECT_EQ(tail_ok({"--by", "request_id"}, input), from_file);
    EXPECT_EQ(tail_ok({"--by", "request_id", "-"}, input), from_file);
}

TEST(tail_cli, a_missing_input_is_reported_the_others_printed_and_the_exit_status_is_1) {
    const std::string all = tail_ok({tree});
    const run_result r = run_tail({data_dir + "/no-such.log", tree, data_dir});
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, all);
    EXPECT_EQ(r.err, "fiberlog-tail: cannot open " + data_dir +
                         "/no-such.log: No such file or directory\n"
                         "fiberlog-tail: cannot read " +
                         data_dir + ": Is a directory\n");
    const run_result none = run_tail({"--count", data_dir + "/no-such.log"});
    EXPECT_EQ(none.status, 1);
    EXPECT_EQ(none.out, "");
}

TEST(tail_cli, bad_options_exit_with_2_and_a_usage_line) {
    const std::vector<std::vector<std::string>> bad = {
        {"--bogus"},
        {"--level", "loud"},
        {"--fiber", "abc"},
        {"--fiber", "0x10"},  // not 16
        {"--fiber", "99999999999999999999999"},  // not capped at 2^64 - 1
        {"--fiber", "18446744073709551616"},
        {"--fiber", "+1"},
        {"--fiber", ""},
        {"--tree", "-1"},
        {"--tree", "0x10"},
        {"--tree", "99999999999999999999999"},
        {"--where", "novalue"},
        {"--by", "bad key"},
        {"--by", "ctx."},
        {"--logger"},
        {"--where", "=x"},
        {"--grep", "(unclosed"},
        {"--since", "yesterday"},
        {"--until", "2026-13-01T00:00:00Z"},
        {"--output", "xml"},
        {"--color", "sometimes"},
        {"--count", "--follow", tree},
        {"--count", "--output", "jsonl", tree},
        {"--follow", "-", tree},
    };
    for (const auto& args : bad) {
        const run_result r = run_tail(args);
        EXPECT_EQ(r.status, 2) << args[0] << " " << (args.size() > 1 ? args[1] : "");
        EXPECT_NE(r.err.find("\nUsage: fiberlog-tail [OPTIONS] [FILE...]\n"), std::string::npos)
            << r.err;
        EXPECT_EQ(r.out, "");
    }
}

TEST(tail_cli, help_and_version_exit_with_0) {
    const run_result help = run_tail({"--help"});
    EXPECT_EQ(help.status, 0);
    EXPECT_NE(help.out.find("--tree ID"), std::string::npos);
    const run_result version = run_tail({"--version"});
    EXPECT_EQ(version.status, 0);
    EXPECT_FALSE(version.out.empty());
}

TEST(tail_cli, a_closed_output_pipe_ends_quietly) {
    const temp_dir dir;
    std::string big;
    for (int i = 0; i < 50000; ++i) {
        log_line l;
        l.fiber = static_cast<std::uint64_t>(i % 100);
        l.msg = "line " + std::to_string(i);
        big += json_line(l) + "\n";
    }
    const std::string path = dir.write("big.log", big);
    tail_process head({path});
    ASSERT_TRUE(head.wait_for("== fiber"));
    head.close_stdout();
    std::string err;
    EXPECT_EQ(head.wait(&err), 0);
    EXPECT_EQ(err, "");
}

TEST(tail_cli, colors_only_when_asked_or_on_a_terminal) {
    const std::string colored = tail_ok({"--color", "always", tree});
    EXPECT_NE(colored.find("\x1b[1m\x1b[36m== fiber 1"), std::string::npos);
    EXPECT_NE(colored.find("\x1b[1m\x1b[35m== fiber 6"),
              std::string::npos);  // next group, next color
    EXPECT_NE(colored.find("\n  \x1b[35m2026-11-23T10:00:02.000000Z\x1b[0m info "),
              std::string::npos);
    EXPECT_EQ(tail_ok({tree}).find('\x1b'), std::string::npos);  // stdout is a pipe
    EXPECT_EQ(tail_ok({"--color", "never", tree}).find('\x1b'), std::string::npos);
}

}  // namespace
