// Multi-line messages (stack traces) in text logs: the lines after a text-pattern record that
// are no record belong to it, in every mode.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli.hpp"
#include "line_parser.hpp"
#include "log_writer.hpp"
#include "record_assembler.hpp"
#include "tail_process.hpp"
#include "temp_dir.hpp"

namespace {

using namespace fiberlog::tail::test;
using fiberlog::tail::assembled_line;
using fiberlog::tail::line_padding;
using fiberlog::tail::line_parser;
using fiberlog::tail::record;
using fiberlog::tail::record_assembler;

log_line at(int i, std::uint64_t fiber, std::string msg, std::string level = "info") {
    log_line l = line_at(i, fiber, std::move(msg));
    l.level = std::move(level);
    l.ctx = {{"request_id", std::string("r-") + std::to_string(fiber)}};
    return l;
}

const std::string trace = "java.lang.IllegalStateException: closed\n"
                          "\tat Pool.get(Pool.java:42)\n"
                          "\tat Handler.run(Handler.java:7)";

// Fiber 1 logs an error with a stack trace between two plain lines; fiber 2 logs in between.
std::string text_log() {
    return text_line(at(0, 1, "started")) + "\n" +
           text_line(at(1, 1, "request failed\n" + trace, "error")) + "\n" +
           text_line(at(2, 2, "other fiber")) + "\n" + text_line(at(3, 1, "done")) + "\n";
}

struct collected {
    std::string text;
    std::uint32_t length;
    bool is_record;
    std::string msg;
};

// Feeds `lines` (input 0, consecutive offsets) through a record_assembler.
std::vector<collected> assemble(const std::vector<std::string>& lines) {
    record_assembler assembler;
    line_parser parser;
    record rec;
    std::vector<collected> out;
    const auto emit = [&](const assembled_line& l) {
        out.push_back({std::string(l.text), l.length, l.rec != nullptr,
                       l.rec != nullptr ? std::string(l.rec->msg) : std::string()});
    };
    std::uint64_t offset = 0;
    for (const std::string& line : lines) {
        const std::string padded = line + std::string(line_padding, '\0');
        const std::string_view text(padded.data(), line.size());
        assembler.add(0, offset, text, parser.parse(text, rec) ? &rec : nullptr, emit);
        offset += line.size() + 1;
    }
    assembler.flush(emit);
    return out;
}

TEST(tail_record_assembler, joins_a_text_record_with_the_lines_that_follow_it) {
    const std::string first = text_line(at(0, 1, "boom"));
    const std::vector<collected> out = assemble({first, "  at a()", "  at b()", "junk?"});
    ASSERT_EQ(out.size(), 1u);
    EXPECT_TRUE(out[0].is_record);
    EXPECT_EQ(out[0].msg, "boom\n  at a()\n  at b()\njunk?");
    EXPECT_EQ(out[0].length, first.size() + 1 + 8 + 1 + 8 + 1 + 5);
}

TEST(tail_record_assembler, leaves_lines_after_a_json_record_or_at_the_start_alone) {
    const std::string json = json_line(at(0, 1, "json"));
    const std::vector<collected> out = assemble({"orphan", json, "after json"});
    ASSERT_EQ(out.size(), 3u);
    EXPECT_FALSE(out[0].is_record);
    EXPECT_TRUE(out[1].is_record);
    EXPECT_FALSE(out[2].is_record);
    EXPECT_EQ(out[2].text, "after json");
}

TEST(tail_record_assembler, stops_a_continuation_at_its_size_limit) {
    const std::string big(record_assembler::max_held / 2, 'x');
    const std::vector<collected> out =
        assemble({text_line(at(0, 1, "m")), big, big, "after the limit"});
    ASSERT_EQ(out.size(), 3u);
    EXPECT_TRUE(out[0].is_record);
    EXPECT_FALSE(out[1].is_record);
    EXPECT_EQ(out[2].text, "after the limit");  // once cut, the rest stands alone
    EXPECT_FALSE(out[2].is_record);
}

TEST(tail_multiline, a_stack_trace_stays_with_its_record_in_its_group) {
    const run_result r = run_tail({}, text_log());
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.err, "");  // no unparsed lines
    EXPECT_EQ(r.out,
              "== fiber 1 (parent 0) | 3 lines | request_id=r-1\n"
              "  2026-11-23T10:00:00.000000Z info     app: started\n"
              "  2026-11-23T10:00:00.001000Z error    app: request failed\n"
              "    | java.lang.IllegalStateException: closed\n"
              "    | \\tat Pool.get(Pool.java:42)\n"
              "    | \\tat Handler.run(Handler.java:7)\n"
              "  2026-11-23T10:00:00.003000Z info     app: done\n"
              "\n"
              "== fiber 2 (parent 0) | 1 line | request_id=r-2\n"
              "  2026-11-23T10:00:00.002000Z info     app: other fiber\n");
}

TEST(tail_multiline, filters_keep_or_drop_the_continuation_lines_with_their_record) {
    EXPECT_EQ(tail_ok({"--where", "request_id=r-1", "--level", "error"}, text_log()),
              "== fiber 1 (parent 0) | 1 line | request_id=r-1\n"
              "  2026-11-23T10:00:00.001000Z error    app: request failed\n"
              "    | java.lang.IllegalStateException: closed\n"
              "    | \\tat Pool.get(Pool.java:42)\n"
              "    | \\tat Handler.run(Handler.java:7)\n");
    const run_result dropped = run_tail({"--where", "request_id=r-2"}, text_log());
    EXPECT_EQ(dropped.out.find("Pool"), std::string::npos);
    EXPECT_EQ(dropped.err, "");
    EXPECT_EQ(tail_ok({"--count"}, text_log()), "1\t3\n2\t1\n");
    EXPECT_EQ(tail_ok({"--grep", "IllegalState", "--count"}, text_log()), "1\t1\n");
}

TEST(tail_multiline, jsonl_output_joins_the_message_lines) {
    const auto records = parse_jsonl(tail_ok({"--output", "jsonl", "--level", "error"}, text_log()));
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0]["msg"], "request failed\n" + trace);
    EXPECT_EQ(records[0]["ctx"]["request_id"], "r-1");
}

TEST(tail_multiline, crlf_line_ends_and_blank_lines_inside_are_kept_apart) {
    const std::string input = text_line(at(0, 1, "first")) + "\r\n  at a()\r\n\r\n  at b()\r\n" +
                              text_line(at(1, 1, "second")) + "\r\n";
    const auto records = parse_jsonl(tail_ok({"--output", "jsonl"}, input));
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[0]["msg"], "first\n  at a()\n\n  at b()");
    EXPECT_EQ(records[1]["msg"], "second");
}

TEST(tail_multiline, lines_of_two_files_do_not_continue_each_others_records) {
    const temp_dir dir;
    // b.log's record has the same time as a.log's: the merge puts it after a.log's trace.
    const std::string a = dir.write("a.log", text_line(at(1, 1, "in a\n  at a()")) + "\n");
    const std::string b = dir.write(
        "b.log", "orphan line\n" + text_line(at(1, 2, "in b\n  at b()")) + "\n");
    const run_result r = run_tail({"--output", "jsonl", a, b});
    const auto records = parse_jsonl(r.out);
    ASSERT_EQ(records.size(), 3u);
    EXPECT_EQ(records[0]["unparsed"], "orphan line");
    EXPECT_EQ(records[1]["msg"], "in a\n  at a()");
    EXPECT_EQ(records[2]["msg"], "in b\n  at b()");
}

TEST(tail_multiline, follow_prints_a_record_with_its_continuation_lines) {
    const std::string input = text_log() + json_line(at(4, 3, "json")) + "\nreal junk\n";
    const run_result r = run_tail({"--follow", "--level", "error"}, input);
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out,
              "[1] 2026-11-23T10:00:00.001000Z error    app: request failed  {request_id=r-1}\n"
              "[1] | java.lang.IllegalStateException: closed\n"
              "[1] | \\tat Pool.get(Pool.java:42)\n"
              "[1] | \\tat Handler.run(Handler.java:7)\n");
    const auto records = parse_jsonl(tail_ok({"--follow", "--output", "jsonl"}, input));
    ASSERT_EQ(records.size(), 6u);
    EXPECT_EQ(records[1]["msg"], "request failed\n" + trace);
    EXPECT_EQ(records[5]["unparsed"], "real junk");
}

TEST(tail_multiline, follow_joins_a_trace_appended_to_a_followed_file) {
    const temp_dir dir;
    const std::string log = dir.write("app.log", text_line(at(0, 1, "started")) + "\n");
    tail_process tail({"--follow", log});
    ASSERT_TRUE(tail.wait_for("started"));
    dir.append("app.log", text_line(at(1, 1, "failed\n  at x()", "error")) + "\n" +
                              text_line(at(2, 1, "after")) + "\n");
    ASSERT_TRUE(tail.wait_for("after"));
    EXPECT_NE(tail.out().find("app: failed  {request_id=r-1}\n[1] |   at x()\n[1] "),
              std::string::npos)
        << tail.out();
    std::string err;
    tail.stop(&err);
    EXPECT_EQ(err, "");
}

}  // namespace
