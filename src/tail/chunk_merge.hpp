#pragma once

// Reads the chunks of the inputs in parallel and hands what was found in them over in the
// order of the merged inputs, the same whatever the number of threads.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <queue>
#include <utility>
#include <vector>

#include "chunk_reader.hpp"
#include "worker_pool.hpp"

namespace fiberlog::tail {

// How the inputs are read.
struct read_options {
    unsigned threads = default_threads();
    std::uint64_t chunk_size = std::uint64_t{4} << 20;
};

// How many chunks of an input are read ahead of the one being merged. A chunk's result is
// small (an index of its lines), and a deep queue keeps the threads reading while the merging
// thread waits for a core on a busy machine.
inline std::size_t chunks_ahead(std::size_t threads) noexcept { return 8 * threads; }

// Runs read(worker, chunk) -> Result for every chunk of `plan` on `pool`, and calls
// on_chunk(input, Result&) as each result comes up, then on_unit(input, const Result&,
// const Unit&) for each of its units (Result::units, a vector of Units with a ts_us) in the
// order of the merged inputs: by time across inputs, the earlier input first on a tie, each
// input's units in their order. At most `window` results per input are read ahead of the
// one being handed over, so memory stays bounded. Rethrows the first exception of a read.
template <class Result, class Read, class OnChunk, class OnUnit>
void merge_chunks(const std::vector<std::vector<chunk>>& plan, worker_pool& pool,
                  std::size_t window, Read&& read, OnChunk&& on_chunk, OnUnit&& on_unit) {
    struct cursor {
        std::size_t submitted = 0;
        std::deque<std::future<Result>> pending;
        Result current{};
        std::size_t pos = 0;
    };
    std::vector<cursor> cursors(plan.size());
    const auto submit_more = [&](std::size_t i) {
        cursor& c = cursors[i];
        while (c.pending.size() < window && c.submitted < plan[i].size()) {
            const chunk part = plan[i][c.submitted++];
            c.pending.push_back(
                pool.submit([&read, part](unsigned worker) { return read(worker, part); }));
        }
    };
    // Moves input i's cursor to a unit; false after the input's last.
    const auto ready = [&](std::size_t i) {
        cursor& c = cursors[i];
        while (c.pos == c.current.units.size()) {
            if (c.pending.empty()) return false;
            c.current = c.pending.front().get();
            c.pending.pop_front();
            c.pos = 0;
            submit_more(i);
            on_chunk(i, c.current);
        }
        return true;
    };
    const auto hand_over = [&](std::size_t i) {
        cursor& c = cursors[i];
        on_unit(i, c.current, c.current.units[c.pos++]);
    };

    for (std::size_t i = 0; i < plan.size(); ++i) submit_more(i);
    if (plan.size() == 1) {
        while (ready(0)) hand_over(0);
        return;
    }
    using head = std::pair<std::int64_t, std::size_t>;  // (time, input): the least first
    std::priority_queue<head, std::vector<head>, std::greater<>> heads;
    const auto queue = [&](std::size_t i) {
        if (ready(i)) heads.emplace(cursors[i].current.units[cursors[i].pos].ts_us, i);
    };
    for (std::size_t i = 0; i < plan.size(); ++i) queue(i);
    while (!heads.empty()) {
        const std::size_t i = heads.top().second;
        heads.pop();
        hand_over(i);
        queue(i);
    }
}

// Collects a chunk's units (with ts_us and a `gap` flag). With `merged` (several inputs), the
// records left out count too: their times still decide where the other inputs' lines go in
// the merge. A run of them orders the other inputs' lines exactly as one line at the run's
// latest time would, so each run is kept as one unit, a gap. Lines that are no record need
// no gap: they have the time of the line before them.
template <class Unit>
class unit_collector {
public:
    explicit unit_collector(std::vector<Unit>& units, bool merged) noexcept
        : units_(units), merged_(merged) {}

    // A line left out at time ts_us.
    void skip(std::int64_t ts_us) noexcept {
        if (!merged_) return;
        gap_ = true;
        if (ts_us > gap_ts_us_) gap_ts_us_ = ts_us;
    }
    void add(const Unit& unit) {
        flush();
        units_.push_back(unit);
    }
    // Ends the chunk.
    void flush() {
        if (!gap_) return;
        Unit gap{};
        gap.ts_us = gap_ts_us_;
        gap.gap = true;
        units_.push_back(gap);
        gap_ = false;
        gap_ts_us_ = INT64_MIN;
    }

private:
    std::vector<Unit>& units_;
    bool merged_;
    bool gap_ = false;
    std::int64_t gap_ts_us_ = INT64_MIN;
};

}  // namespace fiberlog::tail
