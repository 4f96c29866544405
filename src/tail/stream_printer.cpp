#include "stream_printer.hpp"

#include <utility>

#include "escape.hpp"
#include "render.hpp"

namespace fiberlog::tail {

stream_printer::stream_printer(const options& o, sink to, std::vector<std::string> input_names)
    : options_(o), sink_(std::move(to)), filter_(o.filter), lines_(o, std::move(input_names)) {}

void stream_printer::line(std::uint16_t input, std::uint64_t offset, std::string_view text) {
    if (text.empty()) return;
    const record* rec = parser_.parse(text, rec_) ? &rec_ : nullptr;
    assembler_.add(input, offset, text, rec, [this](const assembled_line& l) { print(l); });
}

void stream_printer::flush() {
    assembler_.flush([this](const assembled_line& l) { print(l); });
}

void stream_printer::print(const assembled_line& line) {
    printed_.clear();
    if (line.rec == nullptr) {
        if (!filter_.accepts_unparsed(line.text)) return;
        ++unparsed_;
        lines_.append_unparsed(printed_, line.text, line.input);
    } else {
        if (!in_tree(*line.rec, line.input) || !filter_.accepts(*line.rec, line.text)) return;
        lines_.append_record(printed_, *line.rec, line.text, line.input);
    }
    sink_(line.input, printed_);
}

// Whether the record's fiber is in the --tree subtree: the root, or a fiber whose parent was
// seen in it. Fibers silent for longer than tree_memory others are forgotten.
bool stream_printer::in_tree(const record& r, std::uint16_t input) {
    if (!options_.filter.tree_root) return true;
    const std::string& source = sources_.key(r, input);
    const auto node = [&](std::uint64_t fiber) { return source + '\n' + std::to_string(fiber); };
    if (r.fiber == *options_.filter.tree_root || tree_.find(node(r.fiber)) != nullptr ||
        tree_.find(node(r.parent)) != nullptr || r.parent == *options_.filter.tree_root) {
        tree_.put(node(r.fiber), true);
        return true;
    }
    return false;
}

}  // namespace fiberlog::tail
