#include "fetch.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <utility>

#include "errors.hpp"
#include "record.hpp"

namespace fiberlog::tail {

namespace {

constexpr std::size_t bounce_size = std::size_t{1} << 20;
// Lines closer than this are read in one pread with the bytes between them: cheaper than
// another system call.
constexpr std::uint64_t coalesce_gap = 16 * 1024;

struct pending_line {
    entry where;             // a copy: sorting through the index's deque is slow
    std::uint32_t plan_pos;  // which planned group
    std::size_t dest;        // where the line goes in the batch buffer
};

class batch_reader {
public:
    explicit batch_reader(const std::vector<input>& inputs)
        : inputs_(inputs), bounce_(bounce_size) {}

    // Reads every line of `batch` to `buffer + dest`, in file order.
    void read(const std::vector<pending_line>& batch, char* buffer) {
        order_.resize(batch.size());
        for (std::size_t i = 0; i < batch.size(); ++i) order_[i] = static_cast<std::uint32_t>(i);
        std::sort(order_.begin(), order_.end(), [&](std::uint32_t a, std::uint32_t b) {
            return batch[a].where.position() < batch[b].where.position();
        });
        for (std::size_t i = 0; i < order_.size();) {
            const entry& first = batch[order_[i]].where;
            const auto [j, end] = run_from(batch, i);
            const std::uint64_t size = end - first.position();
            if (size > bounce_size) {  // a single line longer than the bounce buffer
                pread_all(first, buffer + batch[order_[i]].dest, size);
            } else {
                pread_all(first, bounce_.data(), size);
                for (std::size_t k = i; k < j; ++k) {
                    const pending_line& p = batch[order_[k]];
                    std::memcpy(buffer + p.dest,
                                bounce_.data() + (p.where.position() - first.position()),
                                p.where.length());
                }
            }
            i = j;
        }
    }

private:
    // The lines order_[i, j) that one pread into the bounce buffer can cover (same input, gaps
    // below coalesce_gap), and the position where that read ends.
    std::pair<std::size_t, std::uint64_t> run_from(const std::vector<pending_line>& batch,
                                                   std::size_t i) const {
        const entry& first = batch[order_[i]].where;
        std::uint64_t end = first.position() + first.length();
        std::size_t j = i + 1;
        for (; j < order_.size(); ++j) {
            const entry& e = batch[order_[j]].where;
            const std::uint64_t e_end = std::max(end, e.position() + e.length());
            if (e.input() != first.input() || e.position() > end + coalesce_gap ||
                e_end - first.position() > bounce_size) {
                break;
            }
            end = e_end;
        }
        return {j, end};
    }

    // Reads `size` bytes at `from`'s offset in its input.
    void pread_all(const entry& from, char* dest, std::uint64_t size) {
        const input& in = inputs_[from.input()];
        std::uint64_t offset = from.offset();
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
    std::vector<char> bounce_;
    std::vector<std::uint32_t> order_;  // batch positions sorted by file position
};

}  // namespace

void fetch_groups(const std::vector<input>& inputs, const log_index& index,
                  const std::vector<planned_group>& plan, group_sink& sink, std::size_t budget) {
    batch_reader reader(inputs);
    std::vector<pending_line> batch;
    std::vector<char> buffer;
    std::size_t used = 0;
    std::uint32_t open_group = UINT32_MAX;  // the plan position whose group has begun

    const auto hand_out = [&] {
        buffer.resize(used);
        reader.read(batch, buffer.data());
        for (const pending_line& p : batch) {
            if (p.plan_pos != open_group) {
                if (open_group != UINT32_MAX) sink.end_group();
                open_group = p.plan_pos;
                const planned_group& planned = plan[open_group];
                sink.begin_group(index.groups()[planned.group], planned.depth);
            }
            sink.line(std::string_view(buffer.data() + p.dest, p.where.length()));
        }
        batch.clear();
        used = 0;
    };

    for (std::uint32_t pos = 0; pos < plan.size(); ++pos) {
        const group& g = index.groups()[plan[pos].group];
        std::uint32_t e = g.first;
        for (std::uint32_t n = 0; n < g.count; ++n) {
            const entry& line = index.at(e);
            const std::size_t slot = line.length() + line_padding;
            if (!batch.empty() && used + slot > budget) hand_out();
            batch.push_back({line, pos, used});
            used += slot;
            e = line.next();
        }
    }
    if (!batch.empty()) hand_out();
    if (open_group != UINT32_MAX) sink.end_group();
}

}  // namespace fiberlog::tail
