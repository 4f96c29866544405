#include "stream_printer.hpp"

#include <utility>

#include "escape.hpp"
#include "render.hpp"

namespace fiberlog::tail {

stream_printer::stream_printer(const options& o, sink to)
    : options_(o),
      sink_(std::move(to)),
      filter_(o.filter),
      color_(use_color(o.color)),
      style_(color_, o.local_time) {}

void stream_printer::line(std::uint16_t input, std::uint64_t offset, std::string_view text) {
    if (text.empty()) return;
    const record* rec = parser_.parse(text, rec_) ? &rec_ : nullptr;
    assembler_.add(input, offset, text, rec, [this](const assembled_line& l) { print(l); });
}

void stream_printer::flush() {
    assembler_.flush([this](const assembled_line& l) { print(l); });
}

void stream_printer::print(const assembled_line& line) {
    if (line.rec == nullptr) {
        if (!filter_.accepts_unparsed(line.text)) return;
        ++unparsed_;
        print_unparsed(line.text);
    } else {
        if (!in_tree(*line.rec) || !filter_.accepts(*line.rec, line.text)) return;
        print_record(*line.rec, line.text);
    }
    sink_(line.input, printed_);
}

void stream_printer::print_record(const record& r, std::string_view text) {
    printed_.clear();
    if (options_.format == output_format::jsonl) {
        if (r.format == line_format::json) {
            printed_ += text;  // as it was read
        } else {
            append_record_json(printed_, r);
        }
    } else {
        append_tag(printed_, group_key(r));
        continuation_.assign(1, '\n');
        append_tag(continuation_, group_key(r));
        continuation_ += "| ";
        style_.append_line(printed_, r, options_.by.has_value(), {}, {}, continuation_);
    }
    printed_ += '\n';
}

void stream_printer::print_unparsed(std::string_view text) {
    printed_.clear();
    if (options_.format == output_format::jsonl) {
        append_unparsed_json(printed_, text);
    } else {
        append_tag(printed_, "unparsed");
        append_printable(printed_, text);
    }
    printed_ += '\n';
}

std::string stream_printer::group_key(const record& r) const {
    if (!options_.by) return std::to_string(r.fiber);
    std::string storage;
    const std::optional<ctx_field> field = options_.by->find(r, storage);
    return field ? std::string(field->text) : "(none)";
}

// "[key] ", in the group's color: a new group takes the next color of the palette.
void stream_printer::append_tag(std::string& out, const std::string& key) {
    if (color_) {
        std::size_t* color = colors_.find(key);
        if (color == nullptr) {
            colors_.put(key, next_color_++);
            color = colors_.find(key);
        }
        out += group_color(*color);
    }
    out += '[';
    append_printable(out, key);
    out += ']';
    if (color_) out += color_reset;
    out += ' ';
}

// Whether the record's fiber is in the --tree subtree: the root, or a fiber whose parent was
// seen in it. Fibers silent for longer than tree_memory others are forgotten.
bool stream_printer::in_tree(const record& r) {
    if (!options_.filter.tree_root) return true;
    if (r.fiber == *options_.filter.tree_root || tree_.find(r.fiber) != nullptr ||
        tree_.find(r.parent) != nullptr || r.parent == *options_.filter.tree_root) {
        tree_.put(r.fiber, true);
        return true;
    }
    return false;
}

}  // namespace fiberlog::tail
