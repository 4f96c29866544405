#include "fetch.hpp"

#include <unistd.h>

#include <algorithm>
#include <deque>
#include <future>
#include <mutex>
#include <stdexcept>
#include <utility>

#include "errors.hpp"
#include "record.hpp"
#include "worker_pool.hpp"

namespace fiberlog::tail {

namespace {

// Lines closer than this are read in one pread with the bytes between them: cheaper than
// another system call.
constexpr std::uint64_t coalesce_gap = 16 * 1024;

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

// Reads the lines of a batch into one buffer, each followed by line_padding readable bytes.
class batch_reader {
public:
    explicit batch_reader(const std::vector<input>& inputs) : inputs_(inputs) {}

    // Reads the lines of `b`; text[i] is where line i starts in the buffer, valid until the
    // next call. The lines of a batch usually lie close together in each input (a group's
    // lines are near each other, and groups are in order of first appearance): then each
    // input's span is read whole, in order, without sorting anything. Otherwise the lines are
    // read in file order, nearby ones in one pread.
    const std::vector<const char*>& read(const batch& b) {
        text_.resize(b.lines.size());
        if (!read_spans(b)) read_sorted(b);
        return text_;
    }

    // Reads the line `where` into `dest` (length + line_padding bytes).
    void read_one(const entry& where, std::vector<char>& dest) {
        dest.resize(where.length() + line_padding);
        pread_all(where.input(), where.offset(), dest.data(), where.length());
    }

private:
    struct span {
        std::uint64_t begin = UINT64_MAX, end = 0;  // offsets in the input
        std::size_t at = 0;                         // in buffer_
    };

    bool read_spans(const batch& b) {
        spans_.assign(inputs_.size(), span{});
        for (const pending_line& p : b.lines) {
            span& s = spans_[p.where.input()];
            s.begin = std::min(s.begin, p.where.offset());
            s.end = std::max(s.end, p.where.offset() + p.where.length());
        }
        std::size_t size = 0;
        for (span& s : spans_) {
            if (s.begin > s.end) continue;
            s.at = size;
            size += s.end - s.begin + line_padding;
        }
        if (size > 4 * b.bytes + 2 * coalesce_gap) return false;  // too sparse
        buffer_.resize(size);
        for (std::size_t i = 0; i < spans_.size(); ++i) {
            const span& s = spans_[i];
            if (s.begin <= s.end) pread_all(i, s.begin, buffer_.data() + s.at, s.end - s.begin);
        }
        for (std::size_t i = 0; i < b.lines.size(); ++i) {
            const entry& e = b.lines[i].where;
            const span& s = spans_[e.input()];
            text_[i] = buffer_.data() + s.at + (e.offset() - s.begin);
        }
        return true;
    }

    void read_sorted(const batch& b) {
        order_.clear();
        for (std::uint32_t i = 0; i < b.lines.size(); ++i) {
            order_.emplace_back(b.lines[i].where.position(), i);
        }
        std::sort(order_.begin(), order_.end());
        // Runs of lines read in one pread each; the gaps read with them stay below the
        // batch's size, so the buffer stays below about twice that.
        std::vector<std::pair<std::size_t, std::size_t>> runs;  // [first, last) in order_
        std::size_t size = 0, gaps = 0;
        for (std::size_t i = 0; i < order_.size();) {
            const entry& first = b.lines[order_[i].second].where;
            std::uint64_t end = first.position() + first.length();
            std::size_t j = i + 1;
            for (; j < order_.size(); ++j) {
                const entry& e = b.lines[order_[j].second].where;
                const std::uint64_t gap = e.position() > end ? e.position() - end : 0;
                if (e.input() != first.input() || gap > coalesce_gap || gaps + gap > b.bytes) {
                    break;
                }
                gaps += gap;
                end = std::max(end, e.position() + e.length());
            }
            runs.emplace_back(i, j);
            size += end - first.position() + line_padding;
            i = j;
        }
        buffer_.resize(size);
        std::size_t at = 0;
        for (const auto& [i, j] : runs) {
            const entry& first = b.lines[order_[i].second].where;
            std::uint64_t end = 0;
            for (std::size_t k = i; k < j; ++k) {
                const entry& e = b.lines[order_[k].second].where;
                end = std::max(end, e.position() + e.length());
                text_[order_[k].second] = buffer_.data() + at + (e.position() - first.position());
            }
            const std::uint64_t length = end - first.position();
            pread_all(first.input(), first.offset(), buffer_.data() + at, length);
            at += length + line_padding;
        }
    }

    // Reads `size` bytes at `offset` of input `i`.
    void pread_all(std::size_t i, std::uint64_t offset, char* dest, std::uint64_t size) {
        const input& in = inputs_[i];
        while (size > 0) {
            const ssize_t n = ::pread(in.fd.get(), dest, size, static_cast<off_t>(offset));
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) throw_io_error("cannot read " + in.name);
            if (n == 0) throw io_error("cannot read " + in.name + ": it shrank while being read");
            dest += n;
            offset += static_cast<std::uint64_t>(n);
            size -= static_cast<std::uint64_t>(n);
        }
    }

    const std::vector<input>& inputs_;
    std::vector<char> buffer_;
    std::vector<const char*> text_;
    std::vector<span> spans_;
    std::vector<std::pair<std::uint64_t, std::uint32_t>> order_;  // (position, line)
};

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

// What each thread renders with.
struct fetch_worker {
    explicit fetch_worker(const std::vector<input>& inputs) : reader(inputs) {}

    batch_reader reader;
    std::vector<char> first_line;  // a resumed group's first line
};

std::string render(const batch& b, fetch_worker& w, group_sink& sink, const log_index& index,
                   const std::vector<planned_group>& plan, std::string text) {
    const std::vector<const char*>& lines = w.reader.read(b);
    sink.write_to(text);
    std::uint32_t open_group = UINT32_MAX;  // the plan position whose lines come
    for (std::size_t i = 0; i < b.lines.size(); ++i) {
        const pending_line& p = b.lines[i];
        if (p.plan_pos != open_group) {
            const planned_group& planned = plan[p.plan_pos];
            const group& g = index.groups()[planned.group];
            if (open_group == UINT32_MAX && b.resumes) {
                const entry& first = index.at(g.first);
                w.reader.read_one(first, w.first_line);
                sink.resume_group(g, planned.depth, p.plan_pos,
                                  std::string_view(w.first_line.data(), first.length()));
            } else {
                sink.begin_group(g, planned.depth, p.plan_pos);
            }
            open_group = p.plan_pos;
        }
        sink.line(std::string_view(lines[i], p.where.length()), p.where.input());
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
    std::deque<fetch_worker> workers;  // not movable: a deque builds them in place
    for (std::size_t i = 0; i < sinks.size(); ++i) workers.emplace_back(inputs);
    worker_pool pool(static_cast<unsigned>(sinks.size()));  // joined before workers go
    const std::size_t window = sinks.size() + 1;            // batches rendered ahead
    std::deque<std::future<std::string>> rendered;

    const auto write_oldest = [&] {
        std::string text = rendered.front().get();
        rendered.pop_front();
        out.write(text);
        texts.give(std::move(text));
    };
    batch next;
    const auto submit = [&] {
        while (rendered.size() >= window) write_oldest();
        rendered.push_back(pool.submit([&, b = std::move(next)](unsigned worker) {
            return render(b, workers[worker], *sinks[worker], index, plan, texts.take());
        }));
        next = batch{};
    };
    for (std::uint32_t pos = 0; pos < plan.size(); ++pos) {
        const group& g = index.groups()[plan[pos].group];
        std::uint32_t e = g.first;
        for (std::uint32_t n = 0; n < g.count; ++n) {
            const entry& line = index.at(e);
            if (!next.lines.empty() && next.bytes + line.length() > budget) {
                submit();
                next.resumes = n > 0;
            }
            next.lines.push_back({line, pos});
            next.bytes += line.length();
            e = line.next();
        }
    }
    if (!next.lines.empty()) submit();
    while (!rendered.empty()) write_oldest();
}

}  // namespace fiberlog::tail
