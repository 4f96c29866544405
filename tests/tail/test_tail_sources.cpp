// Logs of several processes: fibers are told apart per source (process identity, else the
// file), shown per group and per followed line; --by on the trace id; --trace's span tree
// across processes; --flat.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli.hpp"
#include "log_writer.hpp"
#include "tail_process.hpp"
#include "temp_dir.hpp"

namespace {

using namespace fiberlog::tail::test;

const std::string trace = "4bf92f3577b34da6a3ce929d0e0e4736";

std::string lines(const std::vector<log_line>& ls) {
    std::string out;
    for (const log_line& l : ls) out += json_line(l) + "\n";
    return out;
}

log_line in_process(log_line l, const std::string& service, const std::string& host,
                    std::uint64_t pid) {
    l.service = service;
    l.host = host;
    l.pid = pid;
    return l;
}

// Two processes, each with fibers 1 (a root) and 2 (its child), interleaved in time.
class tail_sources : public ::testing::Test {
protected:
    void SetUp() override {
        api_ = dir_.write(
            "api.jsonl",
            lines({in_process(line_at(0, 1, "api root"), "api", "h1", 4242),
                   in_process(with_parent(line_at(2, 2, "api child"), 1), "api", "h1", 4242)}));
        worker_ = dir_.write(
            "worker.jsonl",
            lines({in_process(line_at(1, 1, "worker root"), "worker", "h2", 7),
                   in_process(with_parent(line_at(3, 2, "worker child"), 1), "worker", "h2", 7)}));
    }

    static log_line with_parent(log_line l, std::uint64_t parent) {
        l.parent = parent;
        return l;
    }

    temp_dir dir_;
    std::string api_, worker_;
};

TEST_F(tail_sources, two_processes_with_the_same_fiber_ids_never_share_a_group) {
    EXPECT_EQ(tail_ok({"--count", api_, worker_}),
              "1\t1\tapi@h1:4242\n1\t1\tworker@h2:7\n2\t1\tapi@h1:4242\n2\t1\tworker@h2:7\n");
    EXPECT_EQ(tail_ok({api_, worker_}),
              "== fiber 1 (parent 0) @ api@h1:4242 | 1 line\n"
              "  2026-11-23T10:00:00.000000Z info     app: api root\n"
              "\n"
              "== fiber 1 (parent 0) @ worker@h2:7 | 1 line\n"
              "  2026-11-23T10:00:00.001000Z info     app: worker root\n"
              "\n"
              "== fiber 2 (parent 1) @ api@h1:4242 | 1 line\n"
              "  2026-11-23T10:00:00.002000Z info     app: api child\n"
              "\n"
              "== fiber 2 (parent 1) @ worker@h2:7 | 1 line\n"
              "  2026-11-23T10:00:00.003000Z info     app: worker child\n");
    // One process: no source to tell apart, none shown; nor when the filters keep one.
    EXPECT_EQ(tail_ok({"--count", api_}), "1\t1\n2\t1\n");
    EXPECT_EQ(tail_ok({"--count", "--where", "service=worker", api_, worker_}), "1\t1\n2\t1\n");
    EXPECT_EQ(tail_ok({"--by", "service", "--where", "service=worker", api_, worker_}),
              "== service=worker | 2 lines\n"
              "  2026-11-23T10:00:00.001000Z info     [1/0] app: worker root\n"
              "  2026-11-23T10:00:00.003000Z info     [2/1] app: worker child\n");
}

TEST_F(tail_sources, one_process_in_two_files_is_one_source) {
    const std::string rotated = dir_.write(
        "api.jsonl.1", lines({in_process(line_at(-1, 1, "before rotation"), "api", "h1", 4242)}));
    EXPECT_EQ(tail_ok({"--count", rotated, api_}), "1\t2\n2\t1\n");
}

TEST_F(tail_sources, tree_follows_each_process_apart) {
    EXPECT_EQ(tail_ok({"--tree", "1", "--count", api_, worker_}),
              "1\t1\tapi@h1:4242\n2\t1\tapi@h1:4242\n1\t1\tworker@h2:7\n2\t1\tworker@h2:7\n");
    const std::string out = tail_ok({"--tree", "1", api_, worker_});
    EXPECT_NE(out.find("\n  == fiber 2 (parent 1) @ worker@h2:7 | 1 line\n"), std::string::npos)
        << out;
}

TEST_F(tail_sources, followed_lines_say_their_process_or_file) {
    {
        tail_process tail({"--follow", api_});
        ASSERT_TRUE(tail.wait_for("api child"));
        EXPECT_EQ(tail.out(),
                  "[api@h1:4242 1] 2026-11-23T10:00:00.000000Z info     app: api root\n"
                  "[api@h1:4242 2] 2026-11-23T10:00:00.002000Z info     app: api child\n");
        tail.stop();
    }
    const std::string a = dir_.write("a.log", json_line(line_at(0, 7, "from a")) + "\n");
    const std::string b = dir_.write("b.log", json_line(line_at(0, 7, "from b")) + "\njunk\n");
    tail_process tail({"--follow", a, b});
    ASSERT_TRUE(tail.wait_for("junk"));
    EXPECT_EQ(tail.out(), "[" + a + " 7] 2026-11-23T10:00:00.000000Z info     app: from a\n" + "[" +
                              b + " 7] 2026-11-23T10:00:00.000000Z info     app: from b\n" + "[" +
                              b + " unparsed] junk\n");
    tail.stop();
}

TEST_F(tail_sources, source_names_keep_the_parts_the_lines_have) {
    log_line only_pid = line_at(0, 1, "m");
    only_pid.pid = 9;
    log_line no_host = in_process(line_at(1, 1, "m"), "api", "", 5);
    log_line no_pid = line_at(2, 1, "m");
    no_pid.service = "api";
    no_pid.host = "h1";
    EXPECT_EQ(tail_ok({"--count"}, lines({only_pid, no_host, no_pid})),
              "1\t1\tpid 9\n1\t1\tapi:5\n1\t1\tapi@h1\n");
}

// A request across two services that reuse fiber ids: front's fiber 12 (span a1, whose
// caller's span is not in these logs) launched fiber 13 (span b2), which called back, where
// fiber 12 (span c3) launched fiber 14 (span d4). Another trace and a line of no trace too.
class tail_trace : public ::testing::Test {
protected:
    void SetUp() override {
        const auto front = [](std::int64_t ms, std::uint64_t fiber, std::string msg,
                              std::string span, std::string parent) {
            return traced_line(ms, fiber, std::move(msg), "front", "h1", 100, std::move(span),
                               std::move(parent));
        };
        const auto back = [](std::int64_t ms, std::uint64_t fiber, std::string msg,
                             std::string span, std::string parent) {
            return traced_line(ms, fiber, std::move(msg), "back", "h2", 200, std::move(span),
                               std::move(parent));
        };
        log_line other = front(4, 20, "another request", "e5e5e5e5e5e5e5e5", "");
        other.trace_id = "0af7651916cd43dd8448eb211c80319c";
        front_ =
            dir_.write("front.jsonl",
                       lines({front(0, 12, "GET /orders", "a1a1a1a1a1a1a1a1", "9999999999999999"),
                              front(1, 13, "calling back", "b2b2b2b2b2b2b2b2", "a1a1a1a1a1a1a1a1"),
                              other, line_at(6, 30, "no trace"),
                              front(9, 12, "200 OK", "a1a1a1a1a1a1a1a1", "9999999999999999")}));
        back_ = dir_.write(
            "back.jsonl", lines({back(2, 12, "POST /stock", "c3c3c3c3c3c3c3c3", "b2b2b2b2b2b2b2b2"),
                                 back(3, 14, "reserving", "d4d4d4d4d4d4d4d4", "c3c3c3c3c3c3c3c3"),
                                 back(5, 14, "reserved", "d4d4d4d4d4d4d4d4", "c3c3c3c3c3c3c3c3")}));
    }

    temp_dir dir_;
    std::string front_, back_;
};

TEST_F(tail_trace, by_trace_id_tells_one_request_across_services_in_time_order) {
    const std::string out =
        tail_ok({"--by", "trace_id", "--where", "trace_id=" + trace, front_, back_});
    std::vector<std::string> messages;
    for (const std::string& l : split_lines(out)) {
        if (l.rfind("  20", 0) == 0) messages.push_back(l.substr(l.find(": ") + 2));
    }
    EXPECT_EQ(messages, (std::vector<std::string>{"GET /orders", "calling back", "POST /stock",
                                                  "reserving", "reserved", "200 OK"}));
}

TEST_F(tail_trace, trace_shows_the_span_tree_across_processes) {
    EXPECT_EQ(
        tail_ok({"--trace", trace, front_, back_}),
        "== span a1a1a1a1a1a1a1a1 (parent 9999999999999999) @ front@h1:100 fiber 12 | 2 lines\n"
        "  2026-11-23T10:00:00.000000Z info     [12/0] app: GET /orders\n"
        "  2026-11-23T10:00:00.009000Z info     [12/0] app: 200 OK\n"
        "\n"
        "  == span b2b2b2b2b2b2b2b2 (parent a1a1a1a1a1a1a1a1) @ front@h1:100 fiber 13 | 1 line\n"
        "    2026-11-23T10:00:00.001000Z info     [13/0] app: calling back\n"
        "\n"
        "    == span c3c3c3c3c3c3c3c3 (parent b2b2b2b2b2b2b2b2) @ back@h2:200 fiber 12 | 1 line\n"
        "      2026-11-23T10:00:00.002000Z info     [12/0] app: POST /stock\n"
        "\n"
        "      == span d4d4d4d4d4d4d4d4 (parent c3c3c3c3c3c3c3c3) @ back@h2:200 fiber 14 | 2 "
        "lines\n"
        "        2026-11-23T10:00:00.003000Z info     [14/0] app: reserving\n"
        "        2026-11-23T10:00:00.005000Z info     [14/0] app: reserved\n");
    // The same tree whatever the order of the inputs, and in any case of the id.
    std::string upper = trace;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    EXPECT_EQ(tail_ok({"--trace", upper, "--count", back_, front_}),
              "a1a1a1a1a1a1a1a1\t2\nb2b2b2b2b2b2b2b2\t1\nc3c3c3c3c3c3c3c3\t1\n"
              "d4d4d4d4d4d4d4d4\t2\n");
}

TEST_F(tail_trace, trace_combines_with_flat_jsonl_and_filters) {
    EXPECT_EQ(tail_ok({"--trace", trace, "--flat", front_, back_}),
              "[front@h1:100 12] 2026-11-23T10:00:00.000000Z info     app: GET /orders\n"
              "[front@h1:100 13] 2026-11-23T10:00:00.001000Z info     app: calling back\n"
              "[back@h2:200 12] 2026-11-23T10:00:00.002000Z info     app: POST /stock\n"
              "[back@h2:200 14] 2026-11-23T10:00:00.003000Z info     app: reserving\n"
              "[back@h2:200 14] 2026-11-23T10:00:00.005000Z info     app: reserved\n"
              "[front@h1:100 12] 2026-11-23T10:00:00.009000Z info     app: 200 OK\n");
    std::vector<std::string> spans;
    for (const auto& r :
         parse_jsonl(tail_ok({"--trace", trace, "--output", "jsonl", back_, front_}))) {
        spans.push_back(r["span_id"]);
    }
    EXPECT_EQ(spans, (std::vector<std::string>{"a1a1a1a1a1a1a1a1", "a1a1a1a1a1a1a1a1",
                                               "b2b2b2b2b2b2b2b2", "c3c3c3c3c3c3c3c3",
                                               "d4d4d4d4d4d4d4d4", "d4d4d4d4d4d4d4d4"}));
    EXPECT_EQ(tail_ok({"--trace", trace, "--where", "service=back", "--count", front_, back_}),
              "c3c3c3c3c3c3c3c3\t1\nd4d4d4d4d4d4d4d4\t2\n");
    EXPECT_EQ(tail_ok({"--trace", "0af7651916cd43dd8448eb211c80319c", "--count", front_}),
              "e5e5e5e5e5e5e5e5\t1\n");
    EXPECT_EQ(tail_ok({"--trace", "11111111111111111111111111111111", front_}), "");
}

TEST_F(tail_trace, follow_prints_only_the_traces_lines) {
    tail_process tail({"--follow", "--trace", trace, front_, back_});
    ASSERT_TRUE(tail.wait_for("reserved"));
    EXPECT_EQ(tail.out(),
              "[front@h1:100 12] 2026-11-23T10:00:00.000000Z info     app: GET /orders\n"
              "[front@h1:100 13] 2026-11-23T10:00:00.001000Z info     app: calling back\n"
              "[front@h1:100 12] 2026-11-23T10:00:00.009000Z info     app: 200 OK\n"
              "[back@h2:200 12] 2026-11-23T10:00:00.002000Z info     app: POST /stock\n"
              "[back@h2:200 14] 2026-11-23T10:00:00.003000Z info     app: reserving\n"
              "[back@h2:200 14] 2026-11-23T10:00:00.005000Z info     app: reserved\n");
    tail.stop();
}

TEST_F(tail_trace, bad_trace_ids_and_mixes_are_usage_errors) {
    for (const std::vector<std::string>& args : {std::vector<std::string>{"--trace", "4bf92f35"},
                                                 {"--trace", "00000000000000000000000000000000"},
                                                 {"--trace", "4bf92f3577b34da6a3ce929d0e0e473g"},
                                                 {"--trace", trace, "--by", "user"},
                                                 {"--trace", trace, "--tree", "1"},
                                                 {"--flat", "--count"},
                                                 {"--flat", "--follow"}}) {
        const run_result r = run_tail(args);
        EXPECT_EQ(r.status, 2) << args[0] << " " << args[1];
        EXPECT_EQ(r.out, "");
    }
}

TEST(tail_flat, prints_one_stream_in_time_order_with_unparsed_lines_in_place) {
    const std::string text = json_line(line_at(0, 1, "one")) + "\n" +
                             json_line(line_at(1, 2, "two")) + "\nnot a record\n" +
                             text_line(line_at(2, 1, "three\n  at x()")) + "\n";
    const run_result r = run_tail({"--flat"}, text);
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out,
              "[1] 2026-11-23T10:00:00.000000Z info     app: one\n"
              "[2] 2026-11-23T10:00:00.001000Z info     app: two\n"
              "[unparsed] not a record\n"
              "[1] 2026-11-23T10:00:00.002000Z info     app: three\n"
              "[1] |   at x()\n");
    EXPECT_EQ(r.err, "fiberlog-tail: 1 unparsed line (group \"unparsed\")\n");
    const auto records = parse_jsonl(tail_ok({"--flat", "--output", "jsonl"}, text));
    ASSERT_EQ(records.size(), 4u);
    EXPECT_EQ(records[2]["unparsed"], "not a record");
    EXPECT_EQ(records[3]["msg"], "three\n  at x()");
    EXPECT_EQ(tail_ok({"--flat", "-n", "2", "--by", "request_id"}, text),
              "[unparsed] not a record\n"
              "[(none)] 2026-11-23T10:00:00.002000Z info     [1/0] app: three\n"
              "[(none)] |   at x()\n");
    const std::string colored = tail_ok({"--flat", "--color", "always"}, text);
    EXPECT_EQ(colored.substr(0, 13), "\x1b[36m[1]\x1b[0m ");
    EXPECT_NE(colored.find("\n\x1b[35m[2]\x1b[0m "), std::string::npos) << colored;
}

TEST(tail_flat, tags_lines_with_their_input_when_there_are_several) {
    const temp_dir dir;
    const std::string file = dir.write("b.log", json_line(line_at(1, 1, "from b")) + "\n");
    const run_result r =
        run_tail({"--flat", "-", file}, json_line(line_at(0, 1, "from stdin")) + "\njunk\n");
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out,
              "[stdin 1] 2026-11-23T10:00:00.000000Z info     app: from stdin\n"
              "[stdin unparsed] junk\n"
              "[" +
                  file + " 1] 2026-11-23T10:00:00.001000Z info     app: from b\n");
}

}  // namespace
