#include "scan.hpp"

#include "merged_reader.hpp"
#include "record_assembler.hpp"

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
    const auto file = [&](const assembled_line& line) {
        const entry where(line.input, line.offset, line.length);
        if (line.rec == nullptr) {
            if (filter.accepts_unparsed(line.text)) {
                ++result.unparsed;
                result.index.add(result.index.unparsed_group(), where);
            }
            return;
        }
        const record& r = *line.rec;
        if (options.fibers != nullptr && options.fibers->count(r.fiber) == 0) return;
        if (!filter.accepts(r)) return;
        result.index.add(group_of(result.index, r, options), where);
    };
    merged_reader reader(inputs);
    record_assembler assembler;  // a text record with the lines that continue its message
    merged_line line{};
    while (reader.next(line)) assembler.add(line.input, line.offset, line.text, line.rec, file);
    assembler.flush(file);
    return result;
}

}  // namespace fiberlog::tail
