// The HTTP service's log checker (examples/http_service/log_check.hpp), on logs written by
// hand: it accepts a right log, and finds each kind of wrong one -- a line with another
// request's id, a missing line, a line from the wrong fiber, a line that is not JSON, an id
// nobody sent, a request that left no line.

#include <cstdint>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "http_service/log_check.hpp"

namespace {

using example::http::check_numbered_ids;
using example::http::check_request_logs;
using example::http::numbered_ids;

// One JSON line as fiberlog's json_formatter writes it (the fields the checker reads).
std::string line(const std::string& id, const std::string& path, const std::string& step,
                 std::uint64_t fiber, std::uint64_t parent, const std::string& msg) {
    std::string ctx = R"("request_id":")" + id + R"(","method":"GET","path":")" + path + '"';
    if (!step.empty()) ctx += R"(,"step":")" + step + '"';
    return R"({"ts":"2026-12-01T00:00:00.000000Z","level":"info","logger":"http","fiber":)" +
           std::to_string(fiber) + R"(,"parent":)" + std::to_string(parent) +
           R"(,"thread":7,"msg":")" + msg + R"(","ctx":{)" + ctx + "}}";
}

// The 8 lines of one front request, its fibers numbered from `base`.
std::vector<std::string> story(const std::string& id, std::uint64_t base) {
    const std::string path = "/orders";
    return {line(id, path, "", base, 1, "request received"),
            line(id, path, "db", base + 1, base, "db query started"),
            line(id, path, "backend", base + 2, base, "calling backend"),
            line(id, "/backend/inventory", "", base + 3, 2, "request received"),
            line(id, "/backend/inventory", "", base + 3, 2, "response 200"),
            line(id, path, "backend", base + 2, base, "backend answered 200"),
            line(id, path, "db", base + 1, base, "db query done"),
            line(id, path, "", base, 1, "response 200")};
}

example::http::log_check_result check(const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& l : lines) text += l + "\n";
    std::istringstream in(text);
    return check_request_logs(in);
}

std::vector<std::string> two_requests() {
    std::vector<std::string> lines = story("a-1", 100);
    const auto b = story("b-2", 200);
    lines.insert(lines.end(), b.begin(), b.end());
    // A line of the server's own, without a request id: counted, not checked.
    lines.push_back(R"({"msg":"rejected a request","fiber":5,"parent":1,"thread":7,"ctx":{}})");
    return lines;
}

TEST(http_log_check, a_right_log_has_no_problem) {
    const auto result = check(two_requests());
    EXPECT_TRUE(result.problems.empty()) << result.problems.front();
    EXPECT_EQ(result.request_ids, (std::set<std::string>{"a-1", "b-2"}));
    EXPECT_EQ(result.lines, 17u);
    EXPECT_EQ(result.threads, std::set<std::uint64_t>{7});
}

TEST(http_log_check, a_line_with_another_requests_id_is_found_in_both_requests) {
    auto lines = two_requests();
    lines[1] = line("b-2", "/orders", "db", 101, 100, "db query started");  // a-1's, mislabelled
    const auto result = check(lines);
    ASSERT_GE(result.problems.size(), 2u);
    EXPECT_NE(result.problems[0].find("request a-1: 7 lines, not 8"), std::string::npos)
        << result.problems[0];
    bool b_found = false;
    for (const auto& p : result.problems) b_found |= p.find("request b-2: 9 lines") == 0;
    EXPECT_TRUE(b_found);
}

TEST(http_log_check, a_missing_line_is_named) {
    auto lines = two_requests();
    lines.erase(lines.begin() + 6);  // a-1's "db query done"
    const auto result = check(lines);
    ASSERT_EQ(result.problems.size(), 2u);
    EXPECT_EQ(result.problems[0], "request a-1: 7 lines, not 8");
    EXPECT_EQ(result.problems[1], "request a-1: 'db query done' (db) 0 times");
}

TEST(http_log_check, a_line_from_the_wrong_fiber_is_found) {
    auto lines = two_requests();
    lines[6] = line("a-1", "/orders", "db", 999, 100, "db query done");  // not the db child
    const auto result = check(lines);
    ASSERT_EQ(result.problems.size(), 1u);
    EXPECT_EQ(result.problems[0], "request a-1: the db lines are not F's child's");
}

TEST(http_log_check, a_line_that_is_not_json_is_a_problem) {
    auto lines = two_requests();
    lines.push_back("{\"msg\":\"cut in the midd");
    const auto result = check(lines);
    ASSERT_EQ(result.problems.size(), 1u);
    EXPECT_EQ(result.problems[0].rfind("not a JSON line: ", 0), 0u) << result.problems[0];
}

TEST(http_log_check, numbered_ids_all_sent_and_all_there) {
    const std::set<std::string> ids{"w1-1", "w1-2", "w1-3", "w2-1", "w2-2"};
    EXPECT_TRUE(check_numbered_ids(ids, {{"w1-", 3, 0}, {"w2-", 2, 0}}).empty());
    // The last requests in flight may be missing.
    EXPECT_TRUE(check_numbered_ids(ids, {{"w1-", 5, 2}, {"w2-", 3, 1}}).empty());
}

TEST(http_log_check, numbered_ids_an_id_never_sent_and_a_request_without_lines) {
    const std::set<std::string> ids{"w1-1", "w1-3", "w1-4", "w1-9", "x-1", "w1-01"};
    const auto problems = check_numbered_ids(ids, {{"w1-", 5, 1}});
    EXPECT_EQ(problems, (std::vector<std::string>{
                            "request id w1-01 was never sent", "request id w1-9 was never sent",
                            "request id x-1 was never sent", "request w1-2 has no line in the log"}));
}

TEST(http_log_check, numbered_ids_the_longest_prefix_is_the_generator) {
    // w1-12 reads as w1- then 12 or as w1-1 then 2: the longer prefix made it.
    EXPECT_TRUE(check_numbered_ids({"w1-1", "w1-12"}, {{"w1-", 1, 0}, {"w1-1", 2, 2}}).empty());
    EXPECT_EQ(check_numbered_ids({"w1-12"}, {{"w1-", 1, 1}, {"w1-1", 1, 1}}),
              (std::vector<std::string>{"request id w1-12 was never sent"}));
}

TEST(http_log_check, numbered_ids_problems_are_bounded) {
    const auto problems = check_numbered_ids({}, {{"w-", 1000, 0}}, 5);
    ASSERT_EQ(problems.size(), 6u);
    EXPECT_EQ(problems.back(), "... and 995 more");
}

}  // namespace
