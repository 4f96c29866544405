// What fiberlog-tail's text output shows: context that changed or went away, bytes that must
// not reach a terminal raw, colors only where they belong.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli.hpp"
#include "log_writer.hpp"
#include "tail_process.hpp"
#include "temp_dir.hpp"

namespace {

using namespace fiberlog::tail::test;

// A fiber that put request_id, user and step, then remove()d step, then clear()ed.
std::string removing_fiber(bool text) {
    std::string out;
    std::vector<std::pair<std::string, ctx_value>> ctx = {
        {"request_id", std::string("r-1")}, {"user", std::string("alice")}, {"step", 2}};
    for (int i = 0; i < 3; ++i) {
        log_line l = line_at(i, 7, "line " + std::to_string(i));
        l.ctx = ctx;
        out += (text ? text_line(l) : json_line(l)) + "\n";
        if (i == 0) ctx.pop_back();  // remove("step")
        if (i == 1) ctx.clear();     // clear()
    }
    return out;
}

TEST(tail_display, keys_a_line_no_longer_has_are_marked_gone) {
    for (const bool text : {false, true}) {
        EXPECT_EQ(tail_ok({}, removing_fiber(text)),
                  "== fiber 7 (parent 0) | 3 lines | request_id=r-1 user=alice step=2\n"
                  "  2026-11-23T10:00:00.000000Z info     app: line 0\n"
                  "  2026-11-23T10:00:00.001000Z info     app: line 1  {-step}\n"
                  "  2026-11-23T10:00:00.002000Z info     app: line 2  {-request_id -user -step}\n")
            << (text ? "text" : "json");
    }
}

TEST(tail_display, a_changed_key_and_a_gone_key_show_together) {
    log_line a = line_at(0, 3, "a"), b = line_at(1, 3, "b");
    a.ctx = {{"k", std::string("v1")}, {"gone", true}};
    b.ctx = {{"k", std::string("v2")}, {"new", 1}};
    EXPECT_EQ(tail_ok({}, json_line(a) + "\n" + json_line(b) + "\n"),
              "== fiber 3 (parent 0) | 2 lines | k=v1 gone=true\n"
              "  2026-11-23T10:00:00.000000Z info     app: a\n"
              "  2026-11-23T10:00:00.001000Z info     app: b  {k=v2 new=1 -gone}\n");
}

// A text log whose context values hold an 8-bit CSI (0x9b) and a Latin-1 byte (0xe9), as the
// text pattern writes them (raw), and a JSON log whose message holds U+009B and an ESC.
TEST(tail_display, control_and_invalid_bytes_are_escaped_everywhere) {
    log_line t = line_at(0, 1, "from text \x9b"
                          "2J");
    t.ctx = {{"csi", std::string("a\x9b"
                                 "31m")},
             {"latin1", std::string("caf\xe9")},
             {"quoted", std::string("x y\x9b")}};
    log_line j = line_at(1, 2, "from json \xc2\x9b"
                          "2J \x1b[0m");
    j.logger = "lo\xc2\x9bgger";
    const std::string input = text_line(t) + "\n" + json_line(j) + "\n";

    const std::string grouped = tail_ok({}, input);
    EXPECT_EQ(grouped,
              "== fiber 1 (parent 0) | 1 line | csi=\"a\\x9b31m\" latin1=\"caf\\xe9\" "
              "quoted=\"x y\\x9b\"\n"
              "  2026-11-23T10:00:00.000000Z info     app: from text \\x9b2J\n"
              "\n"
              "== fiber 2 (parent 0) | 1 line\n"
              "  2026-11-23T10:00:00.001000Z info     lo\\u009bgger: from json \\u009b2J "
              "\\u001b[0m\n");

    const std::string followed = tail_ok({"--follow"}, input);
    EXPECT_EQ(followed,
              "[1] 2026-11-23T10:00:00.000000Z info     app: from text \\x9b2J  "
              "{csi=\"a\\x9b31m\" latin1=\"caf\\xe9\" quoted=\"x y\\x9b\"}\n"
              "[2] 2026-11-23T10:00:00.001000Z info     lo\\u009bgger: from json \\u009b2J "
              "\\u001b[0m\n");

    EXPECT_EQ(tail_ok({"--by", "latin1", "--count"}, input), "caf\\xe9\t1\n(none)\t1\n");
    for (const std::string& out : {grouped, followed}) {
        for (const char c : out) {
            const auto u = static_cast<unsigned char>(c);
            EXPECT_TRUE(u == '\n' || (u >= 0x20 && u < 0x7f)) << int(u);
        }
    }
    // JSON output is written as fiberlog's writers write JSON: what is no UTF-8 becomes the
    // escape \ufffd there, which a JSON reader reads as U+FFFD.
    const std::string jsonl = tail_ok({"--output", "jsonl"}, text_line(t) + "\n");
    EXPECT_NE(jsonl.find(R"("latin1":"caf\ufffd")"), std::string::npos) << jsonl;
    const auto records = parse_jsonl(jsonl);
    EXPECT_EQ(records.at(0)["ctx"]["latin1"], "caf\xef\xbf\xbd");
}

TEST(tail_display, the_unparsed_count_is_reported_only_for_lines_that_are_shown) {
    const std::string input = json_line(line_at(0, 1, "a")) + "\nnot a record\n";
    const run_result all = run_tail({}, input);
    EXPECT_EQ(all.err, "fiberlog-tail: 1 unparsed line (group \"unparsed\")\n");
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"--fiber", "1"}, {"--level", "info"}, {"--grep", "^a$"},
          {"--follow", "--fiber", "1"}}) {
        const run_result r = run_tail(args, input);
        EXPECT_EQ(r.status, 0);
        EXPECT_EQ(r.err, "") << args[0];
        EXPECT_EQ(r.out.find("not a record"), std::string::npos) << args[0];
    }
}

TEST(tail_display, follow_reads_indented_json_lines_too) {
    const std::string input = " \t" + json_line(line_at(0, 4, "indented")) + "\n";
    EXPECT_EQ(tail_ok({"--follow", "--output", "jsonl"}, input), input);  // as it was read
    EXPECT_EQ(tail_ok({"--follow"}, input),
              "[4] 2026-11-23T10:00:00.000000Z info     app: indented\n");
}

TEST(tail_display, colors_under_auto_only_on_a_terminal_that_is_not_dumb) {
    const std::string input_file_args = data_dir + "/tree.jsonl";
    const run_result xterm = run_tail_on_terminal({input_file_args}, {"TZ=UTC", "TERM=xterm"});
    EXPECT_EQ(xterm.status, 0) << xterm.err;
    EXPECT_NE(xterm.out.find('\x1b'), std::string::npos);
    EXPECT_NE(xterm.out.find("== fiber 1"), std::string::npos);
    const run_result dumb = run_tail_on_terminal({input_file_args}, {"TZ=UTC", "TERM=dumb"});
    EXPECT_EQ(dumb.status, 0) << dumb.err;
    EXPECT_NE(dumb.out.find("== fiber 1"), std::string::npos);
    EXPECT_EQ(dumb.out.find('\x1b'), std::string::npos);
    const run_result no_color =
        run_tail_on_terminal({input_file_args}, {"TZ=UTC", "TERM=xterm", "NO_COLOR=1"});
    EXPECT_EQ(no_color.out.find('\x1b'), std::string::npos);
    const run_result forced =
        run_tail_on_terminal({"--color", "always", input_file_args}, {"TZ=UTC", "TERM=dumb"});
    EXPECT_NE(forced.out.find('\x1b'), std::string::npos);
}

}  // namespace
