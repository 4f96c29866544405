// -n/--lines: the last N records of the selection, and with --follow the last N of each file
// before following it.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <string>
#include <vector>

#include "backlog.hpp"
#include "cli.hpp"
#include "log_writer.hpp"
#include "tail_process.hpp"
#include "temp_dir.hpp"

namespace {

using namespace fiberlog::tail::test;
using fiberlog::tail::start_of_last_lines;

constexpr int stopped = 128 + SIGTERM;

std::string line(int i, std::uint64_t fiber, const std::string& level = "info") {
    log_line l = line_at(i, fiber, "m" + std::to_string(i));
    l.level = level;
    return json_line(l) + "\n";
}

// m0 .. m9, fibers 1, 2, 3 in turn.
std::string ten_lines() {
    std::string out;
    for (int i = 0; i < 10; ++i) out += line(i, static_cast<std::uint64_t>(1 + i % 3));
    return out;
}

std::vector<std::string> messages(const std::string& jsonl) {
    std::vector<std::string> out;
    for (const auto& r : parse_jsonl(jsonl)) {
        out.push_back(r.contains("unparsed") ? r["unparsed"] : r["msg"]);
    }
    return out;
}

TEST(tail_lines, start_of_last_lines_counts_complete_lines_back_from_the_end) {
    const temp_dir dir;
    const std::string text = "a\nbb\n\nccc\npartial";
    const std::string path = dir.write("f", text);
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    ASSERT_GE(fd, 0);
    const auto end = static_cast<std::uint64_t>(text.size());
    EXPECT_EQ(start_of_last_lines(fd, path, end, 0), text.find("partial"));
    EXPECT_EQ(start_of_last_lines(fd, path, end, 1), text.find("ccc"));
    EXPECT_EQ(start_of_last_lines(fd, path, end, 2), text.find("\n\n") + 1);  // the empty line
    EXPECT_EQ(start_of_last_lines(fd, path, end, 3), text.find("bb"));
    EXPECT_EQ(start_of_last_lines(fd, path, end, 4), 0u);
    EXPECT_EQ(start_of_last_lines(fd, path, end, 100), 0u);
    // Across blocks of 64 KiB.
    std::string big;
    for (int i = 0; i < 30000; ++i) big += "line " + std::to_string(i) + "\n";
    const std::string big_path = dir.write("big", big);
    const int big_fd = ::open(big_path.c_str(), O_RDONLY | O_CLOEXEC);
    EXPECT_EQ(start_of_last_lines(big_fd, big_path, big.size(), 20000), big.find("line 10000\n"));
    ::close(fd);
    ::close(big_fd);
}

TEST(tail_lines, keeps_the_last_records_of_the_selection_in_their_groups) {
    EXPECT_EQ(messages(tail_ok({"-n", "4", "--output", "jsonl"}, ten_lines())),
              (std::vector<std::string>{"m6", "m9", "m7", "m8"}));  // fibers 1, 2, 3
    EXPECT_EQ(tail_ok({"--lines", "4", "--count"}, ten_lines()), "1\t2\n2\t1\n3\t1\n");
    EXPECT_EQ(tail_ok({"-n", "0", "--count"}, ten_lines()), "");
    EXPECT_EQ(tail_ok({"-n", "100", "--count"}, ten_lines()), "1\t4\n2\t3\n3\t3\n");
    EXPECT_EQ(messages(tail_ok({"-n", "2", "--fiber", "2", "--output", "jsonl"}, ten_lines())),
              (std::vector<std::string>{"m4", "m7"}));
}

TEST(tail_lines, merges_inputs_before_taking_the_last_and_counts_unparsed_lines_too) {
    const temp_dir dir;
    const std::string a = dir.write("a", line(0, 1) + line(2, 1) + line(4, 1));
    const std::string b = dir.write("b", line(1, 2) + line(3, 2) + "junk\n" + line(5, 2));
    // In time order: m0 m1 m2 m3 junk m4 m5 (junk takes m3's time); the last 3 by group.
    EXPECT_EQ(messages(tail_ok({"-n", "3", "--output", "jsonl", a, b})),
              (std::vector<std::string>{"junk", "m4", "m5"}));
    EXPECT_EQ(messages(tail_ok({"-n", "4", "--output", "jsonl", a, b})),
              (std::vector<std::string>{"m3", "m5", "junk", "m4"}));
    const run_result r = run_tail({"-n", "1", a, b});
    EXPECT_EQ(r.err, "");  // the unparsed line is not among the last one
}

TEST(tail_lines, bad_counts_are_usage_errors) {
    for (const char* bad : {"-1", "x", "", "0x10", "99999999999999999999999"}) {
        EXPECT_EQ(run_tail({"-n", bad}).status, 2) << bad;
    }
}

TEST(tail_lines, follow_starts_with_the_last_records_of_each_file) {
    const temp_dir dir;
    dir.write("a.log", ten_lines());
    dir.write("b.log", line(20, 7) + line(21, 7));
    tail_process tail({"-f", "-n", "3", dir.file("a.log"), dir.file("b.log")});
    ASSERT_TRUE(tail.wait_for("app: m21"));
    dir.append("a.log", line(30, 1));
    ASSERT_TRUE(tail.wait_for("app: m30"));
    std::vector<std::string> seen;
    for (const std::string& l : split_lines(tail.out())) seen.push_back(l.substr(l.rfind(' ') + 1));
    EXPECT_EQ(seen, (std::vector<std::string>{"m7", "m8", "m9", "m20", "m21", "m30"}));
    EXPECT_EQ(tail.stop(), stopped);
}

TEST(tail_lines, follow_reads_back_far_enough_for_sparse_matches) {
    const temp_dir dir;
    std::string text;
    for (int i = 0; i < 3000; ++i) text += line(i, 1, i == 10 || i == 2000 ? "error" : "info");
    dir.write("app.log", text);
    tail_process tail({"-f", "-n", "2", "--level", "error", dir.file("app.log")});
    ASSERT_TRUE(tail.wait_for("app: m2000"));
    dir.append("app.log", line(5000, 1, "error"));
    ASSERT_TRUE(tail.wait_for("app: m5000"));
    EXPECT_EQ(split_lines(tail.out()).size(), 3u) << tail.out();
    EXPECT_NE(tail.out().find("app: m10\n"), std::string::npos);
    EXPECT_EQ(tail.stop(), stopped);
}

TEST(tail_lines, follow_with_0_prints_only_new_records) {
    const temp_dir dir;
    dir.write("app.log", ten_lines());
    tail_process tail({"-f", "-n", "0", dir.file("app.log")});
    // Nothing shows when fiberlog-tail has begun to follow: append until a line comes out.
    int appended = 0;
    while (appended < 50 && !tail.wait_for("app: m", 1, std::chrono::milliseconds(100))) {
        dir.append("app.log", line(100 + appended++, 1));
    }
    ASSERT_TRUE(tail.wait_for("app: m1", 1));
    EXPECT_EQ(tail.out().find("app: m9\n"), std::string::npos) << tail.out();
    EXPECT_EQ(tail.out().find("app: m0\n"), std::string::npos) << tail.out();
    EXPECT_EQ(tail.stop(), stopped);
}

TEST(tail_lines, follow_does_not_start_inside_a_stack_trace) {
    const temp_dir dir;
    log_line failed = line_at(1, 1, "failed\n  at a()\n  at b()\n  at c()");
    dir.write("app.log", text_line(line_at(0, 1, "first")) + "\n" + text_line(failed) + "\n" +
                             text_line(line_at(2, 1, "last")) + "\n");
    tail_process tail({"-f", "-n", "2", dir.file("app.log")}, {"TZ=UTC"});
    ASSERT_TRUE(tail.wait_for("app: last"));
    EXPECT_EQ(tail.out(),
              "[1] 2026-11-23T10:00:00.001000Z info     app: failed\n"
              "[1] |   at a()\n"
              "[1] |   at b()\n"
              "[1] |   at c()\n"
              "[1] 2026-11-23T10:00:00.002000Z info     app: last\n");
    std::string err;
    EXPECT_EQ(tail.stop(&err), stopped);
    EXPECT_EQ(err, "");
}

TEST(tail_lines, a_stream_prints_its_last_records_at_its_end) {
    EXPECT_EQ(messages(tail_ok({"-f", "-n", "2", "--output", "jsonl"}, ten_lines())),
              (std::vector<std::string>{"m8", "m9"}));
    const temp_dir dir;
    const std::string fifo = dir.file("fifo");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    tail_process tail({"-f", "-n", "1", "--output", "jsonl", fifo});
    const int writer = ::open(fifo.c_str(), O_WRONLY);
    ASSERT_GE(writer, 0);
    const std::string text = ten_lines();
    ASSERT_EQ(::write(writer, text.data(), text.size()), static_cast<ssize_t>(text.size()));
    ::close(writer);
    EXPECT_EQ(tail.wait(), 0);
    EXPECT_EQ(messages(tail.out()), (std::vector<std::string>{"m9"}));
}

}  // namespace
