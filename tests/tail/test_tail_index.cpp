// The grouping pipeline below the CLI: log_index, scan and fetch_groups.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "errors.hpp"
#include "fetch.hpp"
#include "id_map.hpp"
#include "index.hpp"
#include "input.hpp"
#include "log_writer.hpp"
#include "render.hpp"
#include "scan.hpp"
#include "temp_dir.hpp"

namespace {

using namespace fiberlog::tail;
using test::log_line;

// Writes what it receives as lines of text: "B <group> <ordinal> <depth>" for a group that
// begins, "R <group> <ordinal> <depth> <first line>" for one a batch resumes, "L <line>".
struct recording_sink final : group_sink {
    void begin_group(const group& g, std::uint32_t depth, std::size_t ordinal) override {
        *out_ += "B " + group_name(g) + " " + std::to_string(ordinal) + " " +
                 std::to_string(depth) + "\n";
    }
    void resume_group(const group& g, std::uint32_t depth, std::size_t ordinal,
                      std::string_view first) override {
        *out_ += "R " + group_name(g) + " " + std::to_string(ordinal) + " " +
                 std::to_string(depth) + " " + std::string(first) + "\n";
    }
    void line(std::string_view text, std::uint16_t) override {
        *out_ += "L " + std::string(text) + "\n";
    }
};

// Each group's name and lines, from what recording sinks wrote (depth 0 planned); a resumed
// group must be the one open, and its first line must be its first line.
struct fetched {
    std::vector<std::pair<std::string, std::vector<std::string>>> groups;
};

fetched fetch_all(const std::vector<input>& inputs, const log_index& index,
                  const std::vector<planned_group>& plan, unsigned threads, std::size_t budget) {
    const test::temp_dir dir;
    const std::string path = dir.file("out");
    fetched result;
    {
        const unique_fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600));
        output out(fd.get());
        std::vector<std::unique_ptr<group_sink>> sinks;
        for (unsigned i = 0; i < threads; ++i) sinks.push_back(std::make_unique<recording_sink>());
        fetch_groups(inputs, index, plan, sinks, out, budget);
    }
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("L ", 0) == 0) {
            EXPECT_FALSE(result.groups.empty());
            if (!result.groups.empty()) result.groups.back().second.push_back(line.substr(2));
            continue;
        }
        std::istringstream fields(line.substr(2));
        std::string name;
        std::size_t ordinal = 0;
        std::uint32_t depth = 0;
        fields >> name >> ordinal >> depth;
        if (line[0] == 'B') {
            EXPECT_EQ(ordinal, result.groups.size());
            EXPECT_EQ(depth, 0u);
            result.groups.push_back({name, {}});
        } else {
            EXPECT_EQ(line[0], 'R');
            EXPECT_EQ(ordinal + 1, result.groups.size());
            EXPECT_FALSE(result.groups.empty());
            if (result.groups.empty()) continue;
            EXPECT_EQ(name, result.groups.back().first);
            std::string first;
            std::getline(fields >> std::ws, first);
            EXPECT_EQ(first, result.groups.back().second.front());
        }
    }
    return result;
}

log_line at(std::int64_t second, std::uint64_t fiber, std::string msg) {
    log_line l;
    l.ts_us += second * 1'000'000;
    l.fiber = fiber;
    l.msg = std::move(msg);
    return l;
}

// The lines of the merged inputs, in order: the message of each record, or the text of the
// other lines. Entries are numbered in the order scan filed them: the merged order.
std::vector<std::string> messages(const std::vector<input>& inputs) {
    const scan_result result = scan(inputs, {}, record_filter({}));
    std::vector<std::pair<std::uint32_t, std::string>> numbered;
    for (std::uint32_t g = 0; g < result.index.groups().size(); ++g) {
        for (const std::uint32_t e : lines_of(result.index, {g})) {
            const entry& where = result.index.at(e);
            std::string text(where.length(), '\0');
            EXPECT_EQ(::pread(inputs[where.input()].fd.get(), text.data(), text.size(),
                              static_cast<off_t>(where.offset())),
                      static_cast<ssize_t>(text.size()));
            const auto msg = text.find("\"msg\":\"");
            if (msg != std::string::npos)
                text = text.substr(msg + 7, text.find('"', msg + 7) - msg - 7);
            numbered.emplace_back(e, text);
        }
    }
    std::sort(numbered.begin(), numbered.end());
    std::vector<std::string> out;
    for (auto& [n, text] : numbered) out.push_back(text);
    return out;
}

TEST(tail_index, groups_in_order_of_first_appearance_with_their_lines_in_order) {
    log_index index;
    index.add(index.fiber_group(index.source("f0"), 9), entry(0, 0, 10));
    index.add(index.value_group("r-1"), entry(0, 11, 5));
    index.add(index.fiber_group(index.source("f0"), 9), entry(1, 17, 3));
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
    const entry& second = index.at(lines_of(index, {0})[1]);
    EXPECT_EQ(second.input(), 1u);
    EXPECT_EQ(second.offset(), 17u);
    EXPECT_EQ(second.length(), 3u);
    EXPECT_EQ(sizeof(entry), 16u);

    // The groups asked for, in the order asked, each with its lines in the order added.
    EXPECT_EQ(lines_of(index, {1, 0}), (std::vector<std::uint32_t>{1, 5, 0, 2}));
    EXPECT_EQ(lines_of(index, {3, 2}), (std::vector<std::uint32_t>{4, 3}));
    EXPECT_TRUE(lines_of(index, {}).empty());
    const std::vector<std::uint32_t> groups = {0, 1, 0, 2, 3, 1};  // of each line, in order
    ASSERT_EQ(index.size(), groups.size());
    for (std::uint32_t i = 0; i < index.size(); ++i) EXPECT_EQ(index.at(i).group(), groups[i]);
}

TEST(tail_id_map, keeps_one_number_per_id_whatever_the_ids) {
    id_map map;
    std::map<std::uint64_t, std::uint32_t> expected;
    std::uint32_t next = 0;
    // Consecutive ids, ids that share their low bits, and the extremes.
    std::vector<std::uint64_t> ids;
    for (std::uint64_t i = 0; i < 5000; ++i) ids.push_back(i);
    for (std::uint64_t i = 1; i < 5000; ++i) ids.push_back(i << 20);
    ids.push_back(UINT64_MAX);
    for (int round = 0; round < 2; ++round) {
        for (const std::uint64_t id : ids) {
            const std::uint32_t got = map.find_or_add(id, [&] { return next++; });
            const auto [it, added] = expected.emplace(id, got);
            EXPECT_EQ(it->second, got) << id;
            EXPECT_EQ(added, round == 0) << id;
        }
    }
    EXPECT_EQ(next, ids.size());
}

TEST(tail_index, append_gives_the_index_of_adding_each_line) {
    log_index whole, first, rest;
    // The first half meets source "b" first (line 1), the second "a" (line 121): their
    // numbers in the halves differ.
    const auto fill = [](log_index& index, std::uint64_t from, std::uint64_t to) {
        for (std::uint64_t i = from; i < to; ++i) {
            const std::uint32_t g =
                i % 5 == 0   ? index.unparsed_group()
                : i % 7 == 0 ? index.value_group("v" + std::to_string(i % 3))
                             : index.fiber_group(
                                   index.source((i % 2 == 0) != (i >= 120) ? "a" : "b"), i % 11);
            index.add(g, entry(0, i * 10, static_cast<std::uint32_t>(i)));
        }
    };
    fill(whole, 0, 300);
    fill(first, 0, 120);
    fill(rest, 120, 300);
    log_index appended;
    appended.append(first);
    appended.append(rest);
    ASSERT_EQ(appended.groups().size(), whole.groups().size());
    ASSERT_EQ(appended.size(), whole.size());
    for (std::size_t g = 0; g < whole.groups().size(); ++g) {
        const group& a = appended.groups()[g];
        const group& b = whole.groups()[g];
        ASSERT_EQ(group_name(a), group_name(b));
        ASSERT_EQ(a.count, b.count);
        if (b.kind == group_kind::fiber) {
            EXPECT_EQ(*a.source, *b.source) << group_name(a);
        }
        const auto g32 = static_cast<std::uint32_t>(g);
        const std::vector<std::uint32_t> x = lines_of(appended, {g32}), y = lines_of(whole, {g32});
        ASSERT_EQ(x.size(), a.count);
        ASSERT_EQ(y.size(), b.count);
        for (std::uint32_t n = 0; n < a.count; ++n) {
            EXPECT_EQ(appended.at(x[n]).offset(), whole.at(y[n]).offset()) << group_name(a);
            EXPECT_EQ(appended.at(x[n]).group(), g);
        }
    }
}

TEST(tail_scan_order, merges_by_timestamp_and_keeps_ties_in_input_order) {
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

TEST(tail_scan_order, reads_crlf_lines_and_lines_longer_than_a_block) {
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
        scan(inputs_, {field_ref("request_id"), false, nullptr}, record_filter({}));
    EXPECT_EQ(counts(result),
              (std::map<std::string, std::uint32_t>{
                  {"r-0", 2}, {"r-1", 2}, {"r-2", 1}, {"(none)", 1}, {"unparsed", 1}}));
}

TEST_F(tail_scan, filters_drop_records_and_unparsed_lines_and_count_only_kept_ones) {
    filter_options f;
    f.min_level = level::error;
    const fiber_sets fibers{{"f0", {10, 11}}};
    const scan_result result = scan(inputs_, {std::nullopt, false, &fibers}, record_filter(f));
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
        // Line 1000 (1.2 MiB) is longer than the smaller budgets: a batch of its own.
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

    for (const unsigned threads : {1u, 2u, 3u}) {
        for (const std::size_t budget :
             {std::size_t{1}, std::size_t{5000}, std::size_t{1} << 20, std::size_t{1} << 30}) {
            const fetched got = fetch_all(inputs, result.index, plan, threads, budget);
            ASSERT_EQ(got.groups.size(), first_seen.size()) << budget;
            for (std::size_t g = 0; g < first_seen.size(); ++g) {
                EXPECT_EQ(got.groups[g].first, std::to_string(first_seen[g]));
                EXPECT_EQ(got.groups[g].second, expected[first_seen[g]])
                    << threads << " threads, budget " << budget;
            }
        }
    }
    // A plan in another order that leaves groups out, as --tree's: the groups asked for, in
    // its order, each with all its lines.
    std::vector<planned_group> reordered;
    for (auto g = static_cast<std::uint32_t>(result.index.groups().size()); g-- > 0;) {
        if (g % 3 != 1) reordered.push_back({g, 0});
    }
    const fetched got = fetch_all(inputs, result.index, reordered, 2, 5000);
    ASSERT_EQ(got.groups.size(), reordered.size());
    for (std::size_t i = 0; i < reordered.size(); ++i) {
        const std::uint64_t fiber = first_seen[reordered[i].group];
        EXPECT_EQ(got.groups[i].first, std::to_string(fiber));
        EXPECT_EQ(got.groups[i].second, expected[fiber]) << "fiber " << fiber;
    }
}

// The real sinks: a batch that resumes a group renders it as if it had begun it (the header's
// context left out of the lines, the group's color), in text and in JSON lines.
TEST(tail_fetch, rendering_does_not_depend_on_the_batches) {
    const test::temp_dir dir;
    std::string text;
    for (int i = 0; i < 400; ++i) {
        log_line l = at(i, 10 + static_cast<std::uint64_t>(i % 3), "m" + std::to_string(i));
        l.ctx = {{"request_id", std::string("r-") + std::to_string(i % 2)},
                 {"attempt", std::int64_t{i % 5 == 0 ? 2 : 1}}};
        text += (i % 4 == 0 ? test::text_line(l) : test::json_line(l)) + "\n";
        if (i % 50 == 0) text += "not a record\n";
    }
    std::vector<input> inputs;
    inputs.push_back(open_input(dir.write("log", text)));
    for (const bool by_key : {false, true}) {
        scan_options options;
        if (by_key) options.by = field_ref("request_id");
        const scan_result result = scan(inputs, options, record_filter({}));
        std::vector<planned_group> plan;
        for (std::uint32_t g = 0; g < result.index.groups().size(); ++g) plan.push_back({g, 1});
        for (const bool jsonl : {false, true}) {
            const auto render = [&](std::size_t budget) {
                const std::string path = dir.file("out");
                {
                    const unique_fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600));
                    output out(fd.get());
                    std::vector<std::unique_ptr<group_sink>> sinks;
                    for (int i = 0; i < 2; ++i) {
                        if (jsonl) {
                            sinks.push_back(std::make_unique<jsonl_sink>());
                        } else {
                            sinks.push_back(
                                std::make_unique<text_sink>(options.by, false, true, false, nullptr,
                                                            std::vector<std::string>{}));
                        }
                    }
                    fetch_groups(inputs, result.index, plan, sinks, out, budget);
                }
                std::ifstream in(path);
                return std::string(std::istreambuf_iterator<char>(in), {});
            };
            const std::string whole = render(std::size_t{1} << 30);
            EXPECT_NE(whole.find(jsonl ? "{\"unparsed\"" : "== unparsed"), std::string::npos);
            for (const std::size_t budget : {std::size_t{1}, std::size_t{3000}}) {
                EXPECT_EQ(render(budget), whole)
                    << (jsonl ? "jsonl" : "text") << ", by key " << by_key << ", budget " << budget;
            }
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
    EXPECT_THROW(fetch_all(inputs, result.index, {{0, 0}}, 2, 1), io_error);
}

TEST(tail_input, a_missing_file_or_a_directory_is_an_io_error) {
    const test::temp_dir dir;
    EXPECT_THROW(open_input(dir.file("missing.log")), io_error);
    EXPECT_THROW(open_input(dir.file("")), io_error);
}

}  // namespace
