// The grouping pipeline below the CLI: log_index, merged_reader, scan and fetch_groups.

#include <gtest/gtest.h>
#include <unistd.h>

#include <map>
#include <string>
#include <vector>

#include "errors.hpp"
#include "fetch.hpp"
#include "index.hpp"
#include "input.hpp"
#include "log_writer.hpp"
#include "merged_reader.hpp"
#include "scan.hpp"
#include "temp_dir.hpp"

namespace {

using namespace fiberlog::tail;
using test::log_line;

// What a sink received: each group's name and lines.
struct recording_sink final : group_sink {
    void begin_group(const group& g, std::uint32_t depth) override {
        groups.push_back({group_name(g), {}});
        depths.push_back(depth);
    }
    void line(std::string_view text) override { groups.back().second.emplace_back(text); }
    void end_group() override { ++ended; }

    std::vector<std::pair<std::string, std::vector<std::string>>> groups;
    std::vector<std::uint32_t> depths;
    int ended = 0;
};

log_line at(std::int64_t second, std::uint64_t fiber, std::string msg) {
    log_line l;
    l.ts_us += second * 1'000'000;
    l.fiber = fiber;
    l.msg = std::move(msg);
    return l;
}

std::vector<std::string> messages(const std::vector<input>& inputs) {
    std::vector<std::string> out;
    merged_reader reader(inputs);
    merged_line line{};
    while (reader.next(line))
        out.push_back(line.rec != nullptr ? std::string(line.rec->msg) : std::string(line.text));
    return out;
}

TEST(tail_index, groups_in_order_of_first_appearance_with_lines_chained_in_order) {
    log_index index;
    index.add(index.fiber_group(9), entry(0, 0, 10));
    index.add(index.value_group("r-1"), entry(0, 11, 5));
    index.add(index.fiber_group(9), entry(1, 17, 3));
    index.add(index.unparsed_group(), entry(0, 21, 1));
    index.add(index.none_group(), entry(0, 23, 1));
    index.add(index.value_group("r-1"), entry(0, 25, 2));
    ASSERT_EQ(index.groups().size(), 4u);
    EXPECT_EQ(group_name(index.groups()[0]), "9");
    EXPECT_EQ(group_name(index.groups()[1]), "r-1");
    EXPECT_EQ(group_name(index.groups()[2]), "unparsed");
    EXPECT_EQ(group_name(index.groups()[3]), "(none)");
    const group& fiber = index.groups()[0];
    EXPECT_EQ(fiber.count, 2u);
    const entry& second = index.at(index.at(fiber.first).next());
    EXPECT_EQ(second.input(), 1u);
    EXPECT_EQ(second.offset(), 17u);
    EXPECT_EQ(second.length(), 3u);
    EXPECT_EQ(sizeof(entry), 16u);
}

TEST(tail_merged_reader, merges_by_timestamp_and_keeps_ties_in_input_order) {
    const test::temp_dir dir;
    const std::string a = dir.write("a.log", test::json_line(at(1, 1, "a1")) + "\n" +
                                                 test::json_line(at(3, 1, "a3")) + "\n" +
                                                 test::json_line(at(3, 1, "a3'")) + "\n");
    const std::string b =
        dir.write("b.log", test::json_line(at(2, 2, "b2")) + "\n" + "garbage\n\n" +
                               test::json_line(at(3, 2, "b3")));  // no final newline
    std::vector<input> inputs;
    inputs.push_back(open_input(a));
    inputs.push_back(open_input(b));
    EXPECT_EQ(messages(inputs),
              (std::vector<std::string>{"a1", "b2", "garbage", "a3", "a3'", "b3"}));
}

TEST(tail_merged_reader, reads_crlf_lines_and_lines_longer_than_a_block) {
    const test::temp_dir dir;
    const std::string long_msg(600 * 1024, 'x');
    const std::string path = dir.write("a.log", test::json_line(at(0, 1, "crlf")) + "\r\n" +
                                                    test::json_line(at(1, 1, long_msg)) + "\n");
    std::vector<input> inputs;
    inputs.push_back(open_input(path));
    EXPECT_EQ(messages(inputs), (std::vector<std::string>{"crlf", long_msg}));
}

class tail_scan : public ::testing::Test {
protected:
    void SetUp() override {
        std::string text;
        for (int i = 0; i < 6; ++i) {
            log_line l = at(i, 10 + i % 3, "m" + std::to_string(i));
            l.level = i % 2 == 0 ? "info" : "error";
            if (i != 4) l.ctx = {{"request_id", std::string("r-") + std::to_string(i / 2)}};
            text += test::json_line(l) + "\n";
            if (i == 2) text += "not a record\n";
        }
        inputs_.push_back(open_input(dir_.write("log", text)));
    }

    std::map<std::string, std::uint32_t> counts(const scan_result& result) {
        std::map<std::string, std::uint32_t> out;
        for (const group& g : result.index.groups()) out[group_name(g)] = g.count;
        return out;
    }

    test::temp_dir dir_;
    std::vector<input> inputs_;
};

TEST_F(tail_scan, groups_by_fiber_and_keeps_unparsed_lines) {
    const scan_result result = scan(inputs_, {}, record_filter({}));
    EXPECT_EQ(result.unparsed, 1u);
    EXPECT_EQ(counts(result), (std::map<std::string, std::uint32_t>{
                                  {"10", 2}, {"11", 2}, {"12", 2}, {"unparsed", 1}}));
    EXPECT_EQ(group_name(result.index.groups()[3]), "unparsed");  // after fiber 12's first line
}

TEST_F(tail_scan, groups_by_key_with_a_group_for_records_without_it) {
    const scan_result result =
        scan(inputs_, {std::string("request_id"), nullptr}, record_filter({}));
    EXPECT_EQ(counts(result),
              (std::map<std::string, std::uint32_t>{
                  {"r-0", 2}, {"r-1", 2}, {"r-2", 1}, {"(none)", 1}, {"unparsed", 1}}));
}

TEST_F(tail_scan, filters_drop_records_and_unparsed_lines_and_count_only_kept_ones) {
    filter_options f;
    f.min_level = level::error;
    const std::unordered_set<std::uint64_t> fibers{10, 11};
    const scan_result result = scan(inputs_, {std::nullopt, &fibers}, record_filter(f));
    EXPECT_EQ(result.unparsed, 0u);  // the unparsed line was filtered out: not reported
    EXPECT_EQ(counts(result), (std::map<std::string, std::uint32_t>{{"10", 1}, {"11", 1}}));
}

// Many interleaved groups, read back with budgets from one line per batch to everything at
// once.
TEST(tail_fetch, hands_out_each_group_in_input_order_whatever_the_budget) {
    const test::temp_dir dir;
    std::string text;
    std::map<std::uint64_t, std::vector<std::string>> expected;
    std::vector<std::uint64_t> first_seen;
    for (int i = 0; i < 3000; ++i) {
        const std::uint64_t fiber = 100 + static_cast<std::uint64_t>(i * 7919 % 53);
        // Line 1000 is longer than fetch's 1 MiB bounce buffer.
        const std::size_t msg_size = i == 1000 ? std::size_t{1200} << 10 : std::size_t(i % 97);
        const std::string line = test::json_line(at(i, fiber, std::string(msg_size, 'p')));
        if (expected[fiber].empty()) first_seen.push_back(fiber);
        expected[fiber].push_back(line);
        text += line + "\n";
        if (i % 500 == 0) text += std::string(40 * 1024, 'f') + "\n";  // unparsed, far apart
    }
    std::vector<input> inputs;
    inputs.push_back(open_input(dir.write("log", text)));
    filter_options only_records;
    only_records.min_level = level::trace;  // any record filter leaves unparsed lines out
    const scan_result result = scan(inputs, {}, record_filter(only_records));
    std::vector<planned_group> plan;
    for (std::uint32_t g = 0; g < result.index.groups().size(); ++g) plan.push_back({g, 0});

    for (const std::size_t budget :
         {std::size_t{1}, std::size_t{5000}, std::size_t{1} << 20, std::size_t{1} << 30}) {
        recording_sink sink;
        fetch_groups(inputs, result.index, plan, sink, budget);
        ASSERT_EQ(sink.groups.size(), first_seen.size()) << budget;
        EXPECT_EQ(sink.ended, static_cast<int>(first_seen.size()));
        for (std::size_t g = 0; g < first_seen.size(); ++g) {
            EXPECT_EQ(sink.groups[g].first, std::to_string(first_seen[g]));
            EXPECT_EQ(sink.groups[g].second, expected[first_seen[g]]) << "budget " << budget;
        }
    }
}

TEST(tail_fetch, an_input_that_shrank_is_an_error) {
    const test::temp_dir dir;
    const std::string path = dir.write(
        "log", test::json_line(at(0, 1, "a")) + "\n" + test::json_line(at(1, 1, "b")) + "\n");
    std::vector<input> inputs;
    inputs.push_back(open_input(path));
    const scan_result result = scan(inputs, {}, record_filter({}));
    ASSERT_EQ(::truncate(path.c_str(), 10), 0);
    recording_sink sink;
    EXPECT_THROW(fetch_groups(inputs, result.index, {{0, 0}}, sink), io_error);
}

TEST(tail_input, a_missing_file_or_a_directory_is_an_io_error) {
    const test::temp_dir dir;
    EXPECT_THROW(open_input(dir.file("missing.log")), io_error);
    EXPECT_THROW(open_input(dir.file("")), io_error);
}

}  // namespace
