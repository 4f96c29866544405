// fiberlog-tail over what fiberlog itself writes: two runs of tail_traced_service (front, then
// back, called with front's traceparent) log through fiberlog::json_formatter with the same
// fiber ids, each with its process identity, in one trace. Expected outputs are built from the
// lines the writer wrote (ids, host, pid), never typed in.

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "cli.hpp"
#include "tail_process.hpp"
#include "temp_dir.hpp"

namespace {

using namespace fiberlog::tail::test;
using nlohmann::json;

struct service_log {
    std::string path;
    std::vector<json> lines;
    std::string source;    // as fiberlog-tail names it: "front@host:pid"
    std::string outgoing;  // the traceparent its request sent on
};

std::string read_file(const std::string& path) {
    std::ostringstream text;
    text << std::ifstream(path, std::ios::binary).rdbuf();
    return text.str();
}

// The line of `log` that says `msg`.
const json& said(const service_log& log, const std::string& msg) {
    for (const json& l : log.lines) {
        if (l["msg"] == msg) return l;
    }
    throw std::runtime_error("no line says " + msg);
}

class tail_services : public ::testing::Test {
protected:
    void SetUp() override {
        front_ = run("front", "");
        back_ = run("back", front_.outgoing);
        ASSERT_FALSE(HasFailure());
        // What the tests rely on: the same fiber ids in both processes, and one trace.
        std::set<std::uint64_t> front_fibers, back_fibers;
        for (const json& l : front_.lines) front_fibers.insert(l["fiber"].get<std::uint64_t>());
        for (const json& l : back_.lines) back_fibers.insert(l["fiber"].get<std::uint64_t>());
        ASSERT_EQ(front_fibers, back_fibers);
        trace_ = said(front_, "front handles the request")["trace_id"];
        ASSERT_EQ(said(back_, "back handles the request")["trace_id"], trace_);
    }

    service_log run(const std::string& service, const std::string& traceparent) {
        service_log log;
        log.path = dir_.file(service + ".jsonl");
        std::vector<std::string> argv{FIBERLOG_TRACED_SERVICE, service, log.path};
        if (!traceparent.empty()) argv.push_back(traceparent);
        const run_result r = run_command(argv);
        EXPECT_EQ(r.status, 0) << r.err;
        log.outgoing = r.out.substr(0, r.out.find('\n'));
        log.lines = parse_jsonl(read_file(log.path));
        EXPECT_EQ(log.lines.size(), 4u);
        if (!log.lines.empty()) {
            const json& first = log.lines.front();
            log.source = first["service"].get<std::string>() + "@" +
                         first["host"].get<std::string>() + ":" +
                         std::to_string(first["pid"].get<std::uint64_t>());
        }
        return log;
    }

    temp_dir dir_;
    service_log front_, back_;
    std::string trace_;
};

TEST_F(tail_services, the_same_fiber_ids_of_two_processes_never_share_a_group) {
    // front ran first: its groups come first, in order of first appearance, then back's.
    std::string expected;
    for (const service_log* log : {&front_, &back_}) {
        std::vector<std::uint64_t> order;
        std::map<std::uint64_t, int> lines;
        for (const json& l : log->lines) {
            const auto fiber = l["fiber"].get<std::uint64_t>();
            if (lines[fiber]++ == 0) order.push_back(fiber);
        }
        for (const std::uint64_t fiber : order) {
            expected += std::to_string(fiber) + "\t" + std::to_string(lines[fiber]) + "\t" +
                        log->source + "\n";
        }
    }
    EXPECT_EQ(tail_ok({"--count", front_.path, back_.path}), expected);

    // The request fiber's subtree, in each process.
    const auto request = said(front_, "front handles the request")["fiber"].get<std::uint64_t>();
    const auto call = said(front_, "calling the next service")["fiber"].get<std::uint64_t>();
    const std::string tree = tail_ok({"--tree", std::to_string(request), front_.path, back_.path});
    std::vector<std::string> headers;
    for (const std::string& l : split_lines(tree)) {
        if (l.find("== fiber") != std::string::npos) headers.push_back(l.substr(0, l.find(" |")));
    }
    const std::string r = std::to_string(request), c = std::to_string(call);
    const std::string main =
        std::to_string(said(front_, "front handles the request")["parent"].get<std::uint64_t>());
    EXPECT_EQ(headers, (std::vector<std::string>{
                           "== fiber " + r + " (parent " + main + ") @ " + front_.source,
                           "  == fiber " + c + " (parent " + r + ") @ " + front_.source,
                           "== fiber " + r + " (parent " + main + ") @ " + back_.source,
                           "  == fiber " + c + " (parent " + r + ") @ " + back_.source}))
        << tree;
}

TEST_F(tail_services, by_trace_id_tells_the_request_across_both_in_time_order) {
    std::vector<std::pair<std::string, std::string>> story;  // service, message
    for (const json& l : parse_jsonl(tail_ok({"--by", "trace_id", "--where", "trace_id=" + trace_,
                                              "--output", "jsonl", back_.path, front_.path}))) {
        story.emplace_back(l["service"], l["msg"]);
    }
    EXPECT_EQ(story, (std::vector<std::pair<std::string, std::string>>{
                         {"front", "front handles the request"},
                         {"front", "calling the next service"},
                         {"front", "front answers"},
                         {"back", "back handles the request"},
                         {"back", "calling the next service"},
                         {"back", "back answers"}}));
    // Grouped as text: the lines outside the trace (the background fibers', first) in
    // "(none)", the trace's in a group; each line says its process.
    std::vector<std::string> lines;  // headers, and the lines from their "[" on (no time)
    for (const std::string& l :
         split_lines(tail_ok({"--by", "trace_id", front_.path, back_.path}))) {
        lines.push_back(l.rfind("  ", 0) == 0 ? l.substr(l.find('[')) : l);
    }
    const auto shown = [](const service_log& log, const std::string& msg) {
        const json& l = said(log, msg);
        return "[" + log.source + " " + std::to_string(l["fiber"].get<std::uint64_t>()) + "/" +
               std::to_string(l["parent"].get<std::uint64_t>()) + "] svc: " + msg;
    };
    EXPECT_EQ(lines, (std::vector<std::string>{
                         "== trace_id (none) | 2 lines", shown(front_, "background work"),
                         shown(back_, "background work"), "",
                         "== trace_id=" + trace_ + " | 6 lines | request_id=r-7",
                         shown(front_, "front handles the request"),
                         shown(front_, "calling the next service"), shown(front_, "front answers"),
                         shown(back_, "back handles the request"),
                         shown(back_, "calling the next service"), shown(back_, "back answers")}));
}

TEST_F(tail_services, trace_shows_one_span_tree_across_both_processes) {
    const json& front_request = said(front_, "front handles the request");
    const json& front_call = said(front_, "calling the next service");
    const json& back_request = said(back_, "back handles the request");
    const json& back_call = said(back_, "calling the next service");
    // The outgoing call names the calling fiber's span; back's request span is its child.
    ASSERT_EQ(back_request["parent_span_id"], front_call["span_id"]);
    ASSERT_FALSE(front_request.contains("parent_span_id"));  // a new trace: no caller

    const auto header = [](const std::string& indent, const json& l, const std::string& source,
                           const std::string& lines) {
        std::string h = indent + "== span " + l["span_id"].get<std::string>();
        if (l.contains("parent_span_id")) {
            h += " (parent " + l["parent_span_id"].get<std::string>() + ")";
        }
        return h + " @ " + source + " fiber " + std::to_string(l["fiber"].get<std::uint64_t>()) +
               " | " + lines;
    };
    const std::string out = tail_ok({"--trace", trace_, back_.path, front_.path});
    std::vector<std::string> headers;
    for (const std::string& l : split_lines(out)) {
        if (l.find("== ") != std::string::npos) headers.push_back(l.substr(0, l.find(" | r")));
    }
    EXPECT_EQ(headers,
              (std::vector<std::string>{header("", front_request, front_.source, "2 lines"),
                                        header("  ", front_call, front_.source, "1 line"),
                                        header("    ", back_request, back_.source, "2 lines"),
                                        header("      ", back_call, back_.source, "1 line")}))
        << out;
}

TEST_F(tail_services, followed_lines_name_their_process) {
    tail_process tail({"--follow", front_.path, back_.path});
    ASSERT_TRUE(tail.wait_for("back answers"));
    std::vector<std::string> tags, expected;
    for (const std::string& l : split_lines(tail.out()))
        tags.push_back(l.substr(0, l.find(']') + 1));
    for (const service_log* log : {&front_, &back_}) {
        for (const json& l : log->lines) {
            expected.push_back("[" + log->source + " " +
                               std::to_string(l["fiber"].get<std::uint64_t>()) + "]");
        }
    }
    EXPECT_EQ(tags, expected) << tail.out();
    tail.stop();
}

}  // namespace
