// fiberlog-tail --follow on real files in a temporary directory: appends, partial lines,
// rotation and truncation. Every wait is bounded (tail_process::wait_for).

#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include "bounded_lru.hpp"
#include "log_writer.hpp"
#include "tail_process.hpp"
#include "temp_dir.hpp"

namespace {

using namespace fiberlog::tail::test;
using fiberlog::tail::bounded_lru;

std::string line(std::uint64_t fiber, const std::string& msg, const std::string& level = "info",
                 std::uint64_t parent = 0) {
    log_line l;
    l.fiber = fiber;
    l.parent = parent;
    l.msg = msg;
    l.level = level;
    l.ctx = {{"request_id", std::string("r-") + std::to_string(fiber)}};
    return json_line(l) + "\n";
}

// Longer than a few polls of fiberlog-tail (150 ms), for checking that nothing comes.
void let_it_poll() { std::this_thread::sleep_for(std::chrono::milliseconds(600)); }

// The exit status after tail_process::stop()'s SIGTERM: the signal's, as tail's.
constexpr int stopped = 128 + SIGTERM;

class tail_follow : public ::testing::Test {
protected:
    temp_dir dir_;
    std::string log_ = dir_.file("app.log");
};

TEST_F(tail_follow, prints_existing_then_appended_lines_tagged_with_their_group) {
    dir_.write("app.log", line(1, "first") + line(2, "second"));
    tail_process tail({"--follow", log_});
    ASSERT_TRUE(tail.wait_for("second"));
    dir_.append("app.log", line(1, "third"));
    ASSERT_TRUE(tail.wait_for("third"));
    EXPECT_EQ(tail.out(),
              "[1] 2026-11-23T10:00:00.000000Z info     app: first  {request_id=r-1}\n"
              "[2] 2026-11-23T10:00:00.000000Z info     app: second  {request_id=r-2}\n"
              "[1] 2026-11-23T10:00:00.000000Z info     app: third  {request_id=r-1}\n");
    EXPECT_EQ(tail.stop(), stopped);
}

TEST_F(tail_follow, a_partial_line_waits_for_its_newline) {
    dir_.write("app.log", line(1, "first"));
    tail_process tail({"--follow", log_});
    ASSERT_TRUE(tail.wait_for("first"));
    const std::string next = line(1, "completed later");
    dir_.append("app.log", next.substr(0, 60));
    let_it_poll();
    EXPECT_EQ(tail.out().find("completed"), std::string::npos);
    dir_.append("app.log", next.substr(60));
    ASSERT_TRUE(tail.wait_for("completed later"));
    let_it_poll();
    EXPECT_FALSE(tail.wait_for("completed later", 2, std::chrono::milliseconds(0)));
    std::string err;
    EXPECT_EQ(tail.stop(&err), stopped);
    EXPECT_EQ(err, "");  // the partial line was never taken for a malformed one
}

TEST_F(tail_follow, survives_rotation_by_rename_and_recreate) {
    dir_.write("app.log", line(1, "opening line"));
    tail_process tail({"--follow", log_});
    ASSERT_TRUE(tail.wait_for("opening line"));
    // Written just before the rename: read from the old file before switching.
    dir_.append("app.log", line(1, "last in old file"));
    ASSERT_EQ(std::rename(log_.c_str(), dir_.file("app.log.1").c_str()), 0);
    let_it_poll();  // the name is missing for a while
    dir_.write("app.log", line(2, "first in new file"));
    ASSERT_TRUE(tail.wait_for("first in new file"));
    dir_.append("app.log", line(2, "second in new file"));
    ASSERT_TRUE(tail.wait_for("second in new file"));
    const std::string& out = tail.out();
    EXPECT_LT(out.find("last in old file"), out.find("first in new file"));
    EXPECT_FALSE(tail.wait_for("opening line", 2, std::chrono::milliseconds(0)));  // not twice
    EXPECT_EQ(tail.stop(), stopped);
}

TEST_F(tail_follow, rereads_a_truncated_file_from_its_beginning) {
    dir_.write("app.log", line(1, "one") + line(1, "two") + line(1, "three"));
    tail_process tail({"--follow", log_});
    ASSERT_TRUE(tail.wait_for("three"));
    dir_.write("app.log", line(3, "after truncation"));  // O_TRUNC, shorter than before
    ASSERT_TRUE(tail.wait_for("after truncation"));
    dir_.append("app.log", line(3, "appended after"));
    ASSERT_TRUE(tail.wait_for("appended after"));
    EXPECT_FALSE(tail.wait_for("one", 2, std::chrono::milliseconds(0)));
    EXPECT_EQ(tail.stop(), stopped);
}

TEST_F(tail_follow, follows_several_files) {
    dir_.write("a.log", line(1, "from a"));
    dir_.write("b.log", line(2, "from b"));
    tail_process tail({"-f", dir_.file("a.log"), dir_.file("b.log")});
    ASSERT_TRUE(tail.wait_for("from a"));
    ASSERT_TRUE(tail.wait_for("from b"));
    dir_.append("b.log", line(2, "more from b"));
    dir_.append("a.log", line(1, "more from a"));
    ASSERT_TRUE(tail.wait_for("more from b"));
    ASSERT_TRUE(tail.wait_for("more from a"));
    EXPECT_EQ(tail.stop(), stopped);
}

TEST_F(tail_follow, tags_with_the_by_key_and_applies_filters) {
    log_line no_key;
    no_key.fiber = 8;
    no_key.level = "error";
    no_key.msg = "keyless";
    dir_.write("app.log", line(1, "quiet") + line(1, "loud", "error") + json_line(no_key) + "\n" +
                              "garbage\n");
    tail_process tail({"--follow", "--by", "request_id", "--level", "error", log_});
    ASSERT_TRUE(tail.wait_for("keyless"));
    EXPECT_EQ(tail.out(),
              "[r-1] 2026-11-23T10:00:00.000000Z error    [1/0] app: loud  {request_id=r-1}\n"
              "[(none)] 2026-11-23T10:00:00.000000Z error    [8/0] app: keyless\n");
    std::string err;
    EXPECT_EQ(tail.stop(&err), stopped);
    EXPECT_EQ(err, "");  // the unparsed line was filtered out by --level: not reported
}

TEST_F(tail_follow, tree_follows_fibers_launched_later) {
    dir_.write("app.log", line(1, "root") + line(5, "unrelated"));
    tail_process tail({"--follow", "--tree", "1", log_});
    ASSERT_TRUE(tail.wait_for("root"));
    dir_.append("app.log", line(2, "child", "info", 1) + line(3, "grandchild", "info", 2) +
                               line(6, "unrelated child", "info", 5));
    ASSERT_TRUE(tail.wait_for("grandchild"));
    let_it_poll();
    EXPECT_EQ(tail.out().find("unrelated"), std::string::npos);
    EXPECT_NE(tail.out().find("[2] "), std::string::npos);
    EXPECT_EQ(tail.stop(), stopped);
}

TEST_F(tail_follow, jsonl_output_prints_the_records) {
    const std::string text = "[2026-11-23 10:00:00.000000] [app] [info] [4/1] {k=2} from text\n";
    dir_.write("app.log", text + line(1, "from json") + "junk\n");
    tail_process tail({"--follow", "--output", "jsonl", log_});
    ASSERT_TRUE(tail.wait_for("junk"));
    EXPECT_EQ(tail.out(),
              "{\"ts\":\"2026-11-23T10:00:00.000000Z\",\"level\":\"info\",\"logger\":\"app\","
              "\"fiber\":4,\"parent\":1,\"thread\":0,\"msg\":\"from text\",\"ctx\":{\"k\":2}}\n" +
                  line(1, "from json") + "{\"unparsed\":\"junk\"}\n");
    EXPECT_EQ(tail.stop(), stopped);
}

TEST_F(tail_follow, colors_a_tag_per_group) {
    dir_.write("app.log", line(1, "a") + line(2, "b") + line(1, "c"));
    tail_process tail({"--follow", "--color", "always", log_});
    ASSERT_TRUE(tail.wait_for("app: c"));
    EXPECT_EQ(tail.out().substr(0, 13), "\x1b[36m[1]\x1b[0m ");
    EXPECT_NE(tail.out().find("\n\x1b[35m[2]\x1b[0m "), std::string::npos);
    EXPECT_NE(tail.out().find("\n\x1b[36m[1]\x1b[0m "), std::string::npos);
    EXPECT_EQ(tail.stop(), stopped);
}

TEST_F(tail_follow, stdin_is_read_to_its_end) {
    const run_result r = run_tail({"--follow"}, line(1, "one") + line(2, "two") + "partial");
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out,
              "[1] 2026-11-23T10:00:00.000000Z info     app: one  {request_id=r-1}\n"
              "[2] 2026-11-23T10:00:00.000000Z info     app: two  {request_id=r-2}\n"
              "[unparsed] partial\n");
}

TEST_F(tail_follow, a_missing_file_exits_with_1) {
    const run_result r = run_tail({"--follow", dir_.file("missing.log")});
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("cannot open"), std::string::npos);
}

TEST_F(tail_follow, a_missing_file_among_others_is_reported_and_read_once_it_appears) {
    dir_.write("a.log", line(1, "from a"));
    const std::string late = dir_.file("late.log");
    tail_process tail({"--follow", dir_.file("a.log"), late, dir_.path()});
    ASSERT_TRUE(tail.wait_for("from a"));
    dir_.write("late.log", line(2, "late but read"));
    ASSERT_TRUE(tail.wait_for("late but read"));
    std::string err;
    EXPECT_EQ(tail.stop(&err), stopped);
    EXPECT_EQ(err, "fiberlog-tail: cannot open " + late +
                       ": No such file or directory (waiting for it to appear)\n"
                       "fiberlog-tail: cannot read " +
                       dir_.path() + ": Is a directory\n");
}

TEST_F(tail_follow, ctrl_c_prints_the_summary_and_exits_130) {
    dir_.write("app.log", line(1, "one") + "not a record\n");
    tail_process tail({"--follow", log_});
    ASSERT_TRUE(tail.wait_for("not a record"));
    std::string err;
    EXPECT_EQ(tail.stop(&err, SIGINT), 130);
    EXPECT_EQ(err, "fiberlog-tail: 1 unparsed line (group \"unparsed\")\n");
}

// A FIFO is read as a stream, like `-f < fifo`: lines as they come, to the writer's end.
TEST_F(tail_follow, a_fifo_streams_until_its_writer_closes_it) {
    const std::string fifo = dir_.file("fifo");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    tail_process tail({"--follow", fifo});
    const int writer = ::open(fifo.c_str(), O_WRONLY);  // returns once fiberlog-tail opened it
    ASSERT_GE(writer, 0);
    const std::string first = line(1, "first through the fifo");
    ASSERT_EQ(::write(writer, first.data(), first.size()), static_cast<ssize_t>(first.size()));
    ASSERT_TRUE(tail.wait_for("first through the fifo"));
    const std::string rest = line(2, "second") + "unfinished";
    ASSERT_EQ(::write(writer, rest.data(), rest.size()), static_cast<ssize_t>(rest.size()));
    ASSERT_TRUE(tail.wait_for("second"));
    ::close(writer);
    std::string err;
    EXPECT_EQ(tail.wait(&err), 0);  // the stream ended: so does fiberlog-tail
    EXPECT_NE(tail.out().find("[unparsed] unfinished\n"), std::string::npos) << tail.out();
    EXPECT_EQ(err, "fiberlog-tail: 1 unparsed line (group \"unparsed\")\n");
}

TEST_F(tail_follow, a_fifo_and_a_file_are_followed_together) {
    const std::string fifo = dir_.file("fifo");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    dir_.write("app.log", line(1, "from the file"));
    tail_process tail({"-f", fifo, log_});
    const int writer = ::open(fifo.c_str(), O_WRONLY);
    ASSERT_GE(writer, 0);
    ASSERT_TRUE(tail.wait_for("from the file"));  // a silent FIFO does not block the file
    const std::string text = line(2, "from the fifo");
    ASSERT_EQ(::write(writer, text.data(), text.size()), static_cast<ssize_t>(text.size()));
    ASSERT_TRUE(tail.wait_for("from the fifo"));
    ::close(writer);
    dir_.append("app.log", line(1, "the file goes on"));
    ASSERT_TRUE(tail.wait_for("the file goes on"));
    EXPECT_EQ(tail.stop(), stopped);
}

TEST(tail_bounded_lru, forgets_the_least_recently_used_entry) {
    bounded_lru<std::string, int> lru(2);
    lru.put("a", 1);
    lru.put("b", 2);
    ASSERT_NE(lru.find("a"), nullptr);  // "b" is now the least recently used
    lru.put("c", 3);
    EXPECT_EQ(lru.size(), 2u);
    EXPECT_EQ(lru.find("b"), nullptr);
    EXPECT_EQ(*lru.find("a"), 1);
    EXPECT_EQ(*lru.find("c"), 3);
    lru.put("a", 4);  // replacing keeps the size
    EXPECT_EQ(lru.size(), 2u);
    EXPECT_EQ(*lru.find("a"), 4);
}

}  // namespace
