#include "fetch.hpp"

#include <algorithm>
#include <deque>
#include <future>
#include <mutex>
#include <stdexcept>
#include <utility>

#include "errors.hpp"
#include "mapped_file.hpp"
#include "worker_pool.hpp"

namespace fiberlog::tail {

namespace {

struct pending_line {
    entry where;             // a copy: reading through the index's deque is slow
    std::uint32_t plan_pos;  // which planned group
};

// A part of the output: its lines in output order.
struct batch {
    std::vector<pending_line> lines;
    std::size_t bytes = 0;  // of the lines
    bool resumes = false;   // its first line's group began in an earlier batch
};

// The inputs' lines, read in place in the mapped inputs.
class mapped_inputs {
public:
    explicit mapped_inputs(const std::vector<input>& inputs)
        : inputs_(inputs), files_(map_inputs(inputs)) {}

    // The text of line `where`, followed by line_padding readable bytes. Throws io_error when
    // its input shrank since it was indexed.
    std::string_view text(const entry& where) const {
        const mapped_file& file = files_[where.input()];
        if (where.offset() + where.length() > file.size()) {
            throw io_error("cannot read " + inputs_[where.input()].name +
                           ": it shrank while being read");
        }
        return std::string_view(file.data() + where.offset(), where.length());
    }

    // Asks the processor to load the line `where` into its cache: the lines of a batch come in
    // group order, from all over the batch's part of the input, and waiting for memory on
    // each one costs more than copying it.
    void prefetch(const entry& where) const noexcept {
        const mapped_file& file = files_[where.input()];
        if (where.offset() + where.length() > file.size()) return;  // text() throws
        const char* line = file.data() + where.offset();
        const std::uint32_t bytes = std::min(where.length(), prefetch_bytes);
        for (std::uint32_t at = 0; at < bytes; at += 64) __builtin_prefetch(line + at);
    }

    const mapped_file& file(std::size_t i) const noexcept { return files_[i]; }

    // Throws io_error when an input shrank while its lines were read (mapped_file::check).
    void check() const {
        for (const mapped_file& file : files_) file.check();
    }

private:
    static constexpr std::uint32_t prefetch_bytes = 1024;  // of a line: longer ones are rare

    const std::vector<input>& inputs_;
    std::deque<mapped_file> files_;
};

// Where the lines of a batch lie in each input: [begin, end), begin UINT64_MAX when none.
using spans = std::vector<std::pair<std::uint64_t, std::uint64_t>>;

void widen(spans& s, const entry& where) {
    auto& [begin, end] = s[where.input()];
    begin = std::min(begin, where.offset());
    end = std::max(end, where.offset() + where.length());
}

// Releases the pages of the inputs (mapped_file::release) that the batches still to be written
// no longer read. Neighbouring batches read the same pages (groups interleave in the inputs),
// so the pages of a batch just written are kept while a batch being rendered may read them:
// every input's pages are released up to the least begin of the batches not written yet.
class page_releaser {
public:
    page_releaser(const mapped_inputs& files, std::size_t inputs)
        : files_(files), released_(inputs, 0), seen_(inputs, 0) {}

    // After the batch that read `done` is written; `pending` and `building` are where the
    // batches not written yet read.
    void written(const spans& done, const std::deque<spans>& pending, const spans& building) {
        for (std::size_t i = 0; i < released_.size(); ++i) {
            const mapped_file& file = files_.file(i);
            const auto [begin, end] = done[i];
            if (begin > end) continue;
            seen_[i] = std::max(seen_[i], end);
            // Read again below what is released (a --tree plan goes back in the input).
            if (begin < released_[i]) file.release(begin, std::min(end, released_[i]));
            std::uint64_t low = std::min(building[i].first, seen_[i]);
            for (const spans& s : pending) low = std::min(low, s[i].first);
            if (low > released_[i]) {
                file.release(released_[i], low);
                released_[i] = low;
            }
        }
    }

private:
    const mapped_inputs& files_;
    std::vector<std::uint64_t> released_;  // per input: released below this offset
    std::vector<std::uint64_t> seen_;      // per input: the end of what was read so far
};

// How many lines ahead of the one being rendered are prefetched (mapped_inputs::prefetch).
constexpr std::size_t prefetch_distance = 8;

// Rendered texts, kept for the next batches once written: a new string for each batch would
// cost page faults on every one.
class text_pool {
public:
    std::string take() {
        std::lock_guard<std::mutex> lock(mutex_);
        if (free_.empty()) return {};
        std::string s = std::move(free_.back());
        free_.pop_back();
        return s;
    }
    void give(std::string s) {
        s.clear();
        std::lock_guard<std::mutex> lock(mutex_);
        free_.push_back(std::move(s));
    }

private:
    std::mutex mutex_;
    std::vector<std::string> free_;
};

std::string render(const batch& b, mapped_inputs& files, group_sink& sink, const log_index& index,
                   const std::vector<planned_group>& plan, std::string text) {
    sink.write_to(text);
    std::uint32_t open_group = UINT32_MAX;  // the plan position whose lines come
    for (std::size_t i = 0; i < std::min(b.lines.size(), prefetch_distance); ++i) {
        files.prefetch(b.lines[i].where);
    }
    for (std::size_t i = 0; i < b.lines.size(); ++i) {
        const pending_line& p = b.lines[i];
        if (i + prefetch_distance < b.lines.size()) {
            files.prefetch(b.lines[i + prefetch_distance].where);
        }
        if (p.plan_pos != open_group) {
            const planned_group& planned = plan[p.plan_pos];
            const group& g = index.groups()[planned.group];
            if (open_group == UINT32_MAX && b.resumes) {
                sink.resume_group(g, planned.depth, p.plan_pos, files.text(index.at(g.first)));
            } else {
                sink.begin_group(g, planned.depth, p.plan_pos);
            }
            open_group = p.plan_pos;
        }
        sink.line(files.text(p.where), p.where.input());
    }
    return text;
}

}  // namespace

void fetch_groups(const std::vector<input>& inputs, const log_index& index,
                  const std::vector<planned_group>& plan,
                  const std::vector<std::unique_ptr<group_sink>>& sinks, output& out,
                  std::size_t budget) {
    if (sinks.empty()) throw std::invalid_argument("fetch_groups needs a sink");
    text_pool texts;
    mapped_inputs files(inputs);
    page_releaser releaser(files, inputs.size());
    worker_pool pool(static_cast<unsigned>(sinks.size()));  // joined before workers go
    const std::size_t window = sinks.size() + 1;            // batches rendered ahead
    std::deque<std::future<std::string>> rendered;
    std::deque<spans> rendered_spans;  // of the batches in `rendered`
    const spans none(inputs.size(), {UINT64_MAX, 0});
    spans next_spans = none;

    const auto write_oldest = [&] {
        std::string text = rendered.front().get();
        rendered.pop_front();
        out.write(text);
        texts.give(std::move(text));
        const spans done = std::move(rendered_spans.front());
        rendered_spans.pop_front();
        releaser.written(done, rendered_spans, next_spans);
    };
    batch next;
    const auto submit = [&] {
        rendered.push_back(pool.submit([&, b = std::move(next)](unsigned worker) {
            std::string text = render(b, files, *sinks[worker], index, plan, texts.take());
            files.check();  // what was read is the inputs' bytes
            return text;
        }));
        rendered_spans.push_back(std::exchange(next_spans, none));
        next = batch{};
        while (rendered.size() > window) write_oldest();
    };
    std::vector<std::uint32_t> planned_groups;
    planned_groups.reserve(plan.size());
    for (const planned_group& p : plan) planned_groups.push_back(p.group);
    const std::vector<std::uint32_t> lines = lines_of(index, planned_groups);
    std::size_t at = 0;  // in `lines`
    for (std::uint32_t pos = 0; pos < plan.size(); ++pos) {
        const group& g = index.groups()[plan[pos].group];
        for (std::uint32_t n = 0; n < g.count; ++n, ++at) {
            // The lines come from all over the index: ask for the next ones early.
            if (at + prefetch_distance < lines.size()) {
                __builtin_prefetch(&index.at(lines[at + prefetch_distance]));
            }
            const entry& line = index.at(lines[at]);
            if (!next.lines.empty() && next.bytes + line.length() > budget) {
                submit();
                next.resumes = n > 0;
            }
            next.lines.push_back({line, pos});
            next.bytes += line.length();
            widen(next_spans, line);
        }
    }
    if (!next.lines.empty()) submit();
    while (!rendered.empty()) write_oldest();
}

}  // namespace fiberlog::tail
