// Reading in parallel chunks: each line read exactly once whatever the cuts, and scan and the
// fiber tree the same for any number of threads and any chunk size as a plain line-by-line
// reading of the merged inputs (written out here as the reference).

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <fstream>
#include <map>
#include <queue>
#include <random>
#include <string>
#include <thread>
#include <tuple>
#include <unordered_set>
#include <vector>

#include "chunk_reader.hpp"
#include "errors.hpp"
#include "log_writer.hpp"
#include "mapped_file.hpp"
#include "padded.hpp"
#include "record_assembler.hpp"
#include "scan.hpp"
#include "source.hpp"
#include "support/volume.hpp"
#include "temp_dir.hpp"
#include "tree.hpp"

namespace {

using namespace fiberlog::tail;
using test::log_line;

// `digits` random lowercase hex digits: a trace or span id.
std::string hex_id(std::mt19937_64& rnd, int digits) {
    std::string out;
    for (int i = 0; i < digits; ++i) out += "0123456789abcdef"[rnd() % 16];
    return out;
}

// A log of every kind of line: JSON and text records with times that tie and go backwards,
// JSON records with and without the process identity and the trace context (so the keys
// change from line to line), lines that are no record (multi-byte UTF-8, indented stack
// frames), empty lines, CRLF endings, and maybe no final newline.
std::string random_log(std::mt19937_64& rnd, int lines, bool final_newline) {
    const auto below = [&](std::uint64_t n) { return rnd() % n; };
    std::string out;
    std::int64_t ts = 1'795'428'000'000'000;
    for (int i = 0; i < lines; ++i) {
        const std::uint64_t kind = below(20);
        std::string line;
        if (kind < 13) {
            log_line l;
            ts += static_cast<std::int64_t>(below(4)) * 1'000'000 - 1'000'000;
            l.ts_us = ts;
            l.fiber = 1 + below(12);
            l.parent = below(4) == 0 ? 0 : 1 + below(12);
            l.level = below(3) == 0 ? "error" : "info";
            l.msg = "m" + std::to_string(below(3)) + " caf\xc3\xa9 \xf0\x9f\x98\x80";
            if (below(4) != 0) l.ctx = {{"k", std::string("v") + std::to_string(below(3))}};
            if (below(3) != 0) {  // processes that share fiber ids
                l.service = below(2) == 0 ? "orders" : "billing";
                l.host = "pod-" + std::to_string(below(3));
                l.pid = 100 + below(3);
            }
            if (below(2) == 0) {
                l.trace_id = hex_id(rnd, 32);
                l.span_id = hex_id(rnd, 16);
                if (below(2) == 0) l.parent_span_id = hex_id(rnd, 16);
            }
            line = kind < 11 ? test::json_line(l, kind == 10) : test::text_line(l);
        } else if (kind < 16) {
            line = "  at frame " + std::to_string(i) + " \xe2\x82\xac";
        } else if (kind < 17) {
            line = "";
        } else {
            line = "not a record {\"ts\":";
        }
        out += line + (below(5) == 0 ? "\r\n" : "\n");
    }
    if (!final_newline && !out.empty()) out.pop_back();
    return out;
}

// One non-empty line of an input, as the reference reads it.
struct ref_line {
    std::uint16_t input;
    std::uint64_t offset;
    std::uint32_t length;
    std::int64_t ts_us;
    bool parsed;
    std::uint64_t fiber, parent;
    bool kept;  // by the filters
    group_kind kind;
    std::string value;
    std::string source;  // its key (source_keys)
};

// The units of one input, as a line-by-line reading gives them: each non-empty line parsed,
// text records joined with the lines that continue them (record_assembler), each unit at the
// time of its first line (a line that is no record: the time of the record before it).
std::vector<ref_line> read_input(const std::string& text, std::uint16_t input,
                                 const scan_options& options, const record_filter& filter) {
    std::vector<ref_line> units;
    std::map<std::uint64_t, std::int64_t> ts_at;  // the time of the line at each offset
    line_parser parser;
    record rec;
    record_assembler assembler;
    std::string storage;  // a --by pid's text
    source_keys sources;
    const auto emit = [&](const assembled_line& a) {
        ref_line r{input, a.offset, a.length, ts_at.at(a.offset),   false,
                   0,     0,        false,    group_kind::unparsed, {},
                   {}};
        if (a.rec != nullptr) {
            r.parsed = true;
            r.fiber = a.rec->fiber;
            r.parent = a.rec->parent;
            r.source = sources.key(*a.rec, input);
            const auto tree = options.fibers != nullptr ? options.fibers->find(r.source)
                                                        : fiber_sets::const_iterator();
            r.kept = (options.fibers == nullptr ||
                      (tree != options.fibers->end() && tree->second.count(a.rec->fiber) > 0)) &&
                     filter.accepts(*a.rec, a.text);
            if (options.flat) {
                r.kind = group_kind::all;
            } else if (!options.by) {
                r.kind = group_kind::fiber;
            } else if (const auto f = options.by->find(*a.rec, storage)) {
                r.kind = group_kind::value;
                r.value = std::string(f->text);
            } else {
                r.kind = group_kind::none;
            }
        } else {
            r.kept = filter.accepts_unparsed(a.text);
            if (options.flat) r.kind = group_kind::all;
        }
        units.push_back(r);
    };
    std::int64_t ts = INT64_MIN;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string_view line(text.data() + start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!line.empty()) {
            const test::padded p(line);
            const bool parsed = parser.parse(p.view(), rec);
            if (parsed) ts = rec.ts_us;
            ts_at[start] = ts;
            assembler.add(input, start, p.view(), parsed ? &rec : nullptr, emit);
        }
        start = end + 1;
    }
    assembler.flush(emit);
    return units;
}

// Every non-empty line of a text, at its offset.
std::vector<std::pair<std::uint64_t, std::string>> all_lines(const std::string& text) {
    std::vector<std::pair<std::uint64_t, std::string>> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!line.empty()) lines.emplace_back(start, line);
        start = end + 1;
    }
    return lines;
}

// The merge, one line at a time: by time, the earlier input on a tie, each input in order.
std::vector<ref_line> merged(const std::vector<std::vector<ref_line>>& inputs) {
    using head = std::pair<std::int64_t, std::size_t>;
    std::priority_queue<head, std::vector<head>, std::greater<>> heads;
    std::vector<std::size_t> pos(inputs.size(), 0);
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        if (!inputs[i].empty()) heads.emplace(inputs[i][0].ts_us, i);
    }
    std::vector<ref_line> out;
    while (!heads.empty()) {
        const std::size_t i = heads.top().second;
        heads.pop();
        out.push_back(inputs[i][pos[i]++]);
        if (pos[i] < inputs[i].size()) heads.emplace(inputs[i][pos[i]].ts_us, i);
    }
    return out;
}

log_index reference_index(const std::vector<ref_line>& lines) {
    log_index index;
    for (const ref_line& l : lines) {
        if (!l.kept) continue;
        std::uint32_t g = 0;
        switch (l.kind) {
            case group_kind::fiber:
                g = index.fiber_group(index.source(l.source), l.fiber);
                break;
            case group_kind::all:
                g = index.all_group();
                break;
            case group_kind::value:
                g = index.value_group(l.value);
                break;
            case group_kind::none:
                g = index.none_group();
                break;
            case group_kind::unparsed:
                g = index.unparsed_group();
                break;
        }
        index.add(g, entry(l.input, l.offset, l.length));
    }
    return index;
}

// Each group's key and lines, in order, as text for readable failures.
std::vector<std::string> describe(const log_index& index) {
    std::vector<std::string> out;
    for (std::uint32_t number = 0; number < index.groups().size(); ++number) {
        const group& g = index.groups()[number];
        std::string s = std::to_string(static_cast<int>(g.kind)) + ":" + group_name(g) + ":";
        if (g.source != nullptr) {
            for (const char c : *g.source) s += c == '\0' ? '|' : c;
            s += ":";
        }
        for (const std::uint32_t e : lines_of(index, {number})) {
            const entry& l = index.at(e);
            s += " " + std::to_string(l.input()) + "@" + std::to_string(l.offset()) + "+" +
                 std::to_string(l.length());
        }
        out.push_back(s);
    }
    return out;
}

struct scan_case {
    const char* name;
    scan_options options;
    filter_options filter;
};

std::vector<scan_case> scan_cases(const fiber_sets& some_fibers) {
    scan_options by_key;
    by_key.by = field_ref("k");
    scan_options those_fibers;
    those_fibers.fibers = &some_fibers;
    scan_options flat;
    flat.flat = true;
    filter_options errors;
    errors.min_level = level::error;
    filter_options where;
    where.where = {where_clause("k=v1", false)};
    filter_options grep;
    grep.grep.emplace("m1|frame 1");
    return {{"by fiber", {}, {}},   {"by key", by_key, {}},
            {"errors", {}, errors}, {"where k=v1 by key", by_key, where},
            {"grep", {}, grep},     {"some fibers", those_fibers, {}},
            {"flat", flat, {}},     {"flat, errors", flat, errors}};
}

std::vector<input> open_all(const std::vector<std::string>& paths) {
    std::vector<input> inputs;
    for (const std::string& p : paths) inputs.push_back(open_input(p));
    return inputs;
}

TEST(tail_chunk_reader, reads_every_line_once_wherever_the_chunks_are_cut) {
    const test::temp_dir dir;
    std::mt19937_64 rnd(1);
    for (const bool final_newline : {true, false}) {
        const std::string text = random_log(rnd, 200, final_newline);
        const std::vector<input> inputs = open_all({dir.write("log", text)});
        const std::deque<mapped_file> files = map_inputs(inputs);
        const std::vector<std::pair<std::uint64_t, std::string>> expected = all_lines(text);
        for (const std::uint64_t size : {1, 2, 5, 17, 100, 333, 4096, 1 << 20}) {
            chunk_reader reader;
            std::vector<std::pair<std::uint64_t, std::string>> got;
            const auto plan = plan_chunks(inputs, size);
            ASSERT_EQ(plan.size(), 1u);
            // Read the chunks back to front: each stands alone.
            std::vector<std::vector<std::pair<std::uint64_t, std::string>>> parts;
            for (auto c = plan[0].rbegin(); c != plan[0].rend(); ++c) {
                parts.emplace_back();
                reader.open(inputs[0], files[0], *c);
                parsed_line line{};
                bool first = true;
                while (reader.next(line)) {
                    // A chunk starts with a record, unless it is the input's first.
                    if (first && c->begin > 0) {
                        EXPECT_NE(line.rec, nullptr) << size;
                    }
                    first = false;
                    parts.back().emplace_back(line.offset, std::string(line.text));
                }
            }
            for (auto p = parts.rbegin(); p != parts.rend(); ++p) {
                got.insert(got.end(), p->begin(), p->end());
            }
            EXPECT_EQ(got, expected) << "chunk size " << size;
        }
    }
}

TEST(tail_chunk_reader, an_empty_file_and_a_file_of_one_line) {
    const test::temp_dir dir;
    for (const std::string& text :
         {std::string(), std::string("x"), std::string("\n\n"), test::json_line(log_line{})}) {
        const std::vector<input> inputs = open_all({dir.write("log", text)});
        const std::deque<mapped_file> files = map_inputs(inputs);
        for (const std::uint64_t size : {1, 3, 1 << 20}) {
            chunk_reader reader;
            std::size_t lines = 0;
            const auto plan = plan_chunks(inputs, size);
            for (const chunk& c : plan[0]) {
                reader.open(inputs[0], files[0], c);
                parsed_line line{};
                while (reader.next(line)) {
                    EXPECT_EQ(line.text, text);
                    ++lines;
                }
            }
            EXPECT_EQ(lines, text.empty() || text == "\n\n" ? 0u : 1u) << size;
        }
    }
}

// A long run of lines that are no record: the chunks cut inside it still give each line once,
// to the chunk of the record before the run.
TEST(tail_chunk_reader, a_run_of_lines_that_are_no_record_stays_with_the_record_before_it) {
    const test::temp_dir dir;
    std::string text = test::json_line(log_line{}) + "\n";
    for (int i = 0; i < 50; ++i) text += "  at frame " + std::to_string(i) + "\n";
    text += test::json_line(log_line{}) + "\n";
    const std::vector<input> inputs = open_all({dir.write("log", text)});
    const std::deque<mapped_file> files = map_inputs(inputs);
    chunk_reader reader;
    std::vector<std::size_t> lines_per_chunk;
    const auto plan = plan_chunks(inputs, 64);
    for (const chunk& c : plan[0]) {
        reader.open(inputs[0], files[0], c);
        parsed_line line{};
        std::size_t n = 0;
        while (reader.next(line)) ++n;
        if (n > 0) lines_per_chunk.push_back(n);
    }
    EXPECT_EQ(lines_per_chunk, (std::vector<std::size_t>{51, 1}));
}

// A log that is mostly not fiberlog's: the chunks inside a long run of lines that are no
// record end at their own end, so the run is read once (by the chunk of the record before it),
// not once more by every chunk it covers.
TEST(tail_chunk_reader, a_chunk_without_a_record_reads_no_further_than_its_end) {
    const test::temp_dir dir;
    std::string text = test::json_line(log_line{}) + "\n";
    for (int i = 0; text.size() < (std::size_t{2} << 20); ++i) {
        text += "plain line " + std::to_string(i) + " caf\xc3\xa9\n";
    }
    text += test::json_line(log_line{}) + "\n";
    const std::vector<input> inputs = open_all({dir.write("log", text)});
    const std::deque<mapped_file> files = map_inputs(inputs);
    const std::uint64_t size = 64 * 1024;
    const auto plan = plan_chunks(inputs, size);
    ASSERT_GT(plan[0].size(), 10u);
    chunk_reader reader;
    std::size_t lines = 0;
    for (const chunk& c : plan[0]) {
        reader.open(inputs[0], files[0], c);
        parsed_line line{};
        std::size_t n = 0;
        while (reader.next(line)) ++n;
        lines += n;
        if (c.begin == 0 || c.end == UINT64_MAX) continue;
        EXPECT_EQ(n, 0u) << "chunk at " << c.begin;
        // Its reads end within one read block past its end, far before the last record.
        EXPECT_LT(reader.end_offset(), c.end + size) << "chunk at " << c.begin;
    }
    EXPECT_EQ(lines, all_lines(text).size());
}

// The chunks are read in the input mapped when the scan began; what the input gained since
// (a log still being written) is read past the mapping's end, a line cut by that end whole.
TEST(tail_chunk_reader, reads_what_the_input_gained_since_it_was_mapped) {
    const test::temp_dir dir;
    std::mt19937_64 rnd(3);
    const std::string before = random_log(rnd, 100, true);
    const std::string after = random_log(rnd, 100, false);
    for (const std::size_t cut : {before.size(), before.size() - 7}) {  // after a newline, inside
        const std::string path = dir.write("log", before.substr(0, cut));
        const std::vector<input> inputs = open_all({path});
        const std::deque<mapped_file> files = map_inputs(inputs);
        const auto plan = plan_chunks(inputs, 500);
        std::ofstream(path, std::ios::binary | std::ios::app) << before.substr(cut) << after;
        chunk_reader reader;
        std::vector<std::pair<std::uint64_t, std::string>> got;
        for (const chunk& c : plan[0]) {
            reader.open(inputs[0], files[0], c);
            parsed_line line{};
            while (reader.next(line)) got.emplace_back(line.offset, std::string(line.text));
        }
        EXPECT_EQ(got, all_lines(before + after)) << "mapped up to " << cut;
    }
}

// A mapping ends with line_padding readable bytes, also after an input whose size is a whole
// number of pages (its last line ends at a page's end).
TEST(tail_mapped_file, is_followed_by_readable_padding) {
    const test::temp_dir dir;
    const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    for (const std::size_t size : {std::size_t{0}, std::size_t{1}, page - 1, page, 2 * page}) {
        const std::string text(size, 'x');
        const std::vector<input> inputs = open_all({dir.write("log", text)});
        const mapped_file file(inputs[0].fd.get(), "log");
        ASSERT_EQ(file.size(), size);
        EXPECT_EQ(std::string(file.data(), size), text);
        for (std::size_t i = 0; i < line_padding; ++i) EXPECT_EQ(file.data()[size + i], '\0');
        // Released pages read the same when read again.
        file.release(0, size);
        EXPECT_EQ(std::string(file.data(), size), text);
    }
}

// An input truncated while mapped (copytruncate rotation): the bytes it lost read as zeros,
// and check() reports it, instead of SIGBUS killing the process.
TEST(tail_mapped_file, an_input_truncated_while_mapped_is_an_error) {
    const test::temp_dir dir;
    const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    const std::string path = dir.write("log", std::string(3 * page, 'x'));
    const std::vector<input> inputs = open_all({path});
    const mapped_file file(inputs[0].fd.get(), "log");
    EXPECT_NO_THROW(file.check());
    ASSERT_EQ(::truncate(path.c_str(), 0), 0);
    EXPECT_EQ(file.data()[page], '\0');
    EXPECT_EQ(file.data()[3 * page - 1], '\0');
    EXPECT_THROW(file.check(), io_error);
}

// A chunk read while its input is truncated ends in an io_error, not in garbage.
TEST(tail_chunk_reader, an_input_truncated_while_read_is_an_error) {
    const test::temp_dir dir;
    std::mt19937_64 rnd(4);
    const std::string path = dir.write("log", random_log(rnd, 200, true));
    const std::vector<input> inputs = open_all({path});
    const std::deque<mapped_file> files = map_inputs(inputs);
    const auto plan = plan_chunks(inputs, 1 << 20);
    ASSERT_EQ(::truncate(path.c_str(), 0), 0);
    chunk_reader reader;
    reader.open(inputs[0], files[0], plan[0][0]);
    parsed_line line{};
    EXPECT_THROW(
        {
            while (reader.next(line)) {
            }
        },
        io_error);
}

TEST(tail_parallel_scan, gives_the_index_of_a_line_by_line_reading) {
    const test::temp_dir dir;
    std::mt19937_64 rnd(2);
    // Fibers 1, 2, 3, 5, 8 of every source: each input's, and every process random_log writes
    // (orders or billing, on pod-0..2, pid 100..102).
    fiber_sets some_fibers;
    for (const std::string input : {"f0", "f1", "f2"}) some_fibers[input] = {1, 2, 3, 5, 8};
    for (const std::string service : {"orders", "billing"}) {
        for (const std::string host : {"pod-0", "pod-1", "pod-2"}) {
            for (const std::string pid : {"100", "101", "102"}) {
                some_fibers["p" + service + '\0' + host + '\0' + pid] = {1, 2, 3, 5, 8};
            }
        }
    }
    // Every case is scanned at 3 thread counts and 4 chunk sizes: fewer lines under the
    // sanitizers keep it well within its timeout on a busy machine.
    const int lines_per_input = std::max(30, fiberlog::test::volume(120));
    for (int inputs_count = 1; inputs_count <= 3; ++inputs_count) {
        std::vector<std::string> texts, paths;
        for (int i = 0; i < inputs_count; ++i) {
            texts.push_back(random_log(rnd, lines_per_input, i != 1));
            paths.push_back(dir.write("log" + std::to_string(i), texts.back()));
        }
        const std::vector<input> inputs = open_all(paths);
        for (const scan_case& c : scan_cases(some_fibers)) {
            const record_filter filter(c.filter);
            std::vector<std::vector<ref_line>> per_input;
            for (int i = 0; i < inputs_count; ++i) {
                per_input.push_back(
                    read_input(texts[i], static_cast<std::uint16_t>(i), c.options, filter));
            }
            const std::vector<ref_line> all = merged(per_input);
            const std::vector<std::string> expected = describe(reference_index(all));
            std::uint64_t unparsed = 0;  // the kept ones
            for (const ref_line& l : all) unparsed += !l.parsed && l.kept ? 1 : 0;
            for (const unsigned threads : {1u, 2u, 3u}) {
                for (const std::uint64_t size : {3, 40, 700, 1 << 20}) {
                    const scan_result result = scan(inputs, c.options, filter, {threads, size});
                    EXPECT_EQ(describe(result.index), expected)
                        << c.name << ", " << inputs_count << " inputs, " << threads
                        << " threads, chunks of " << size;
                    EXPECT_EQ(result.unparsed, unparsed) << c.name;
                }
            }
        }
    }
}

TEST(tail_parallel_scan, reads_the_fiber_tree_of_a_line_by_line_reading) {
    const test::temp_dir dir;
    std::mt19937_64 rnd(3);
    for (int inputs_count = 1; inputs_count <= 3; ++inputs_count) {
        std::vector<std::string> paths;
        std::vector<std::vector<ref_line>> per_input;
        for (int i = 0; i < inputs_count; ++i) {
            const std::string text = random_log(rnd, 120, true);
            paths.push_back(dir.write("log" + std::to_string(i), text));
            per_input.push_back(
                read_input(text, static_cast<std::uint16_t>(i), {}, record_filter({})));
        }
        id_tree expected;
        for (const ref_line& l : merged(per_input)) {
            if (l.parsed) expected.add(l.source, l.fiber, l.parent);
        }
        const std::vector<input> inputs = open_all(paths);
        const auto nodes = [](const id_tree& tree, const std::vector<tree_node>& list) {
            std::vector<std::tuple<std::string, std::uint64_t, std::uint32_t>> out;
            for (const tree_node& n : list) {
                out.emplace_back(tree.source_key(n.source), n.id, n.depth);
            }
            return out;
        };
        for (const unsigned threads : {1u, 2u, 3u}) {
            for (const std::uint64_t size : {1, 300, 1 << 20}) {
                const id_tree tree = read_fiber_tree(inputs, {threads, size});
                EXPECT_EQ(nodes(tree, tree.forest()), nodes(expected, expected.forest()));
                for (std::uint64_t root = 0; root <= 12; ++root) {
                    EXPECT_EQ(nodes(tree, tree.subtree(root)),
                              nodes(expected, expected.subtree(root)))
                        << inputs_count << " inputs, " << threads << " threads, chunks of " << size
                        << ", root " << root;
                }
            }
        }
    }
}

TEST(tail_parallel_scan, reads_stdin_through_its_copy) {
    const test::temp_dir dir;
    std::mt19937_64 rnd(4);
    const std::string text = random_log(rnd, 500, true);
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    // Written from another thread: the text is bigger than a pipe's buffer.
    std::thread writer([&] {
        for (std::size_t done = 0; done < text.size();) {
            const ssize_t n = ::write(fds[1], text.data() + done, text.size() - done);
            if (n <= 0) break;
            done += static_cast<std::size_t>(n);
        }
        ::close(fds[1]);
    });
    const int saved = ::dup(STDIN_FILENO);
    ::dup2(fds[0], STDIN_FILENO);
    ::close(fds[0]);
    std::vector<input> piped;
    piped.push_back(open_input("-"));
    ::dup2(saved, STDIN_FILENO);
    ::close(saved);
    writer.join();
    ASSERT_GT(text.size(), std::size_t{64} << 10);  // more than a pipe holds
    const std::vector<input> file = open_all({dir.write("log", text)});
    EXPECT_EQ(describe(scan(piped, {}, record_filter({}), {2, 100}).index),
              describe(scan(file, {}, record_filter({}), {1, 1 << 20}).index));
}

}  // namespace
