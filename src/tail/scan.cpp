#include "scan.hpp"

#include <algorithm>
#include <deque>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "chunk_merge.hpp"
#include "mapped_file.hpp"
#include "record_assembler.hpp"
#include "source.hpp"

namespace fiberlog::tail {

namespace {

// With several inputs, each kept line of a chunk in order, or a gap (unit_collector).
struct scanned_unit {
    std::int64_t ts_us;
    std::uint32_t line;   // in scanned_chunk::index
    std::uint32_t group;  // in scanned_chunk::index
    bool gap;
};

struct scanned_chunk {
    log_index index;                  // the chunk's kept lines and groups
    std::vector<scanned_unit> units;  // several inputs: the order to merge them in
    std::uint64_t unparsed = 0;
};

// What each thread reads with.
struct scan_worker {
    explicit scan_worker(const record_filter& f) : filter(f) {}

    chunk_reader reader;
    record_assembler assembler;  // a text record with the lines that continue its message
    record_filter filter;        // a copy per thread: its --grep keeps a buffer
    source_keys sources;         // the source of the last record
    std::uint32_t source = 0;    // its number in the chunk's index, once a record of it is kept
    bool source_known = false;   // whether `source` is the last record's
    const std::unordered_set<std::uint64_t>* tree_fibers = nullptr;  // its fibers in --tree
    std::string storage;                                             // a --by pid's text
};

// Notes the source of `r`, read from `input`, looking it up again only when it changes.
// Returns whether --tree keeps the record.
bool note_source(const record& r, std::uint16_t input, scan_worker& w,
                 const scan_options& options) {
    const std::string& key = w.sources.key(r, input);
    if (w.sources.changed()) {
        w.source_known = false;
        if (options.fibers != nullptr) {
            const auto it = options.fibers->find(key);
            w.tree_fibers = it != options.fibers->end() ? &it->second : nullptr;
        }
    }
    return options.fibers == nullptr ||
           (w.tree_fibers != nullptr && w.tree_fibers->count(r.fiber) > 0);
}

// The group of a kept record, `r` read from `input`: its fiber in its source, its --by value,
// or all (--flat). The index learns the sources of the records kept in every mode: with
// several, the lines of a --by group say theirs.
std::uint32_t group_of(log_index& index, const record& r, std::uint16_t input, scan_worker& w,
                       const scan_options& options) {
    if (!w.source_known) {
        w.source = index.source(w.sources.key(r, input));
        w.source_known = true;
    }
    if (options.flat) return index.all_group();
    if (!options.by) return index.fiber_group(w.source, r.fiber);
    const std::optional<ctx_field> field = options.by->find(r, w.storage);
    return field ? index.value_group(field->text) : index.none_group();
}

scanned_chunk scan_chunk(const input& in, const mapped_file& mapped, const chunk& part,
                         scan_worker& w, const scan_options& options, bool merged) {
    scanned_chunk out;
    unit_collector<scanned_unit> units(out.units, merged);
    w.reader.open(in, mapped, part);
    parsed_line line{};
    std::int64_t held_ts_us = INT64_MIN;  // the time of the text record the assembler holds
    const auto file = [&](const assembled_line& a) {
        // A held record comes out when a later line shows that it is complete.
        const std::int64_t ts_us = a.rec != nullptr          ? a.rec->ts_us
                                   : a.offset == line.offset ? line.ts_us
                                                             : held_ts_us;
        const auto keep = [&](std::uint32_t group) {
            if (merged) units.add({ts_us, out.index.size(), group, false});
            out.index.add(group, entry(part.input, a.offset, a.length));
        };
        if (a.rec == nullptr) {
            if (w.filter.accepts_unparsed(a.text)) {
                ++out.unparsed;
                keep(options.flat ? out.index.all_group() : out.index.unparsed_group());
            }
            return;
        }
        const record& r = *a.rec;
        if (!note_source(r, part.input, w, options) || !w.filter.accepts(r, a.text)) {
            units.skip(ts_us);
            return;
        }
        keep(group_of(out.index, r, part.input, w, options));
    };
    w.sources.reset();  // source numbers are the chunk index's
    while (w.reader.next(line)) {
        w.assembler.add(part.input, line.offset, line.text, line.rec, file);
        if (line.rec != nullptr && line.rec->format == line_format::text) held_ts_us = line.ts_us;
    }
    // Chunks end before a record: what the assembler holds is complete.
    w.assembler.flush(file);
    units.flush();
    return out;
}

}  // namespace

scan_result scan(const std::vector<input>& inputs, const scan_options& options,
                 const record_filter& filter, const read_options& reading) {
    const std::deque<mapped_file> files = map_inputs(inputs);
    const std::vector<std::vector<chunk>> plan = plan_chunks(inputs, reading.chunk_size);
    const bool merged = inputs.size() > 1;
    scan_result result;
    log_index& index = result.index;
    {
        std::deque<scan_worker> workers;  // not movable: a deque builds them in place
        // Only --by and --where look into a record's context.
        const bool context_wanted = options.by || !filter.options().where.empty();
        for (unsigned i = 0; i < std::max(reading.threads, 1u); ++i) {
            workers.emplace_back(filter).reader.want_context(context_wanted);
        }
        worker_pool pool(static_cast<unsigned>(workers.size()));  // joined before workers go
        std::vector<std::vector<std::uint32_t>> global_group(inputs.size());  // per chunk group
        merge_chunks<scanned_chunk>(
            plan, pool, chunks_ahead(workers.size()),
            [&](unsigned worker, const chunk& part) {
                return scan_chunk(inputs[part.input], files[part.input], part, workers[worker],
                                  options, merged);
            },
            [&](std::size_t i, const scanned_chunk& c) {
                result.unparsed += c.unparsed;
                // One input: the chunk's lines follow the previous chunk's, all at once.
                if (!merged) {
                    index.append(c.index);
                } else {
                    for (const std::string& key : c.index.sources()) index.source(key);
                }
                global_group[i].assign(c.index.groups().size(), UINT32_MAX);
            },
            [&](std::size_t i, const scanned_chunk& c, const scanned_unit& u) {
                if (u.gap) return;
                std::uint32_t& g = global_group[i][u.group];
                if (g == UINT32_MAX) g = index.group_like(c.index.groups()[u.group]);
                index.add(g, c.index.at(u.line));
            });
    }
#if defined(__GLIBC__)
    // The chunks' memory, freed by now in the threads' malloc arenas, goes back to the system
    // rather than add to what the output stage allocates (peak RSS on big logs).
    ::malloc_trim(0);
#endif
    return result;
}

}  // namespace fiberlog::tail
