#include "scan.hpp"

#include "merged_reader.hpp"

namespace fiberlog::tail {

namespace {

std::uint32_t group_of(log_index& index, const record& r, const scan_options& options) {
    if (!options.by) return index.fiber_group(r.fiber);
    const ctx_field* field = r.find(*options.by);
    return field != nullptr ? index.value_group(field->text) : index.none_group();
}

}  // namespace

scan_result scan(const std::vector<input>& inputs, const scan_options& options,
                 const record_filter& filter) {
    scan_result result;
    merged_reader reader(inputs);
    merged_line line{};
    while (reader.next(line)) {
        const entry where(line.input, line.offset, static_cast<std::uint32_t>(line.text.size()));
        if (line.rec == nullptr) {
            ++result.unparsed;
            if (filter.accepts_unparsed(line.text)) {
                result.index.add(result.index.unparsed_group(), where);
            }
            continue;
        }
        const record& r = *line.rec;
        if (options.fibers != nullptr && options.fibers->count(r.fiber) == 0) continue;
        if (!filter.accepts(r)) continue;
        result.index.add(group_of(result.index, r, options), where);
    }
    return result;
}

}  // namespace fiberlog::tail
