#include "tagged_lines.hpp"

#include <utility>

#include "escape.hpp"

namespace fiberlog::tail {

tagged_lines::tagged_lines(const options& o, std::vector<std::string> input_names)
    : options_(o),
      input_names_(std::move(input_names)),
      color_(use_color(o.color)),
      style_(color_, o.local_time) {}

const std::string& tagged_lines::source(const record& r, std::uint16_t input) {
    const std::string& key = sources_.key(r, input);
    if (sources_.changed()) source_name_ = source_name(key, input_names_);
    return source_name_;
}

void tagged_lines::append_record(std::string& out, const record& r, std::string_view text,
                                 std::uint16_t input) {
    if (options_.format == output_format::jsonl) {
        if (r.format == line_format::json) {
            out += text;  // as it was read
        } else {
            append_record_json(out, r);
        }
        out += '\n';
        return;
    }
    tag_.clear();
    if (input_names_.size() > 1 || has_identity(r)) {
        tag_ = source(r, input);
        tag_ += ' ';
    }
    if (!options_.by) {
        tag_ += std::to_string(r.fiber);
    } else if (const auto field = options_.by->find(r, storage_)) {
        tag_ += field->text;
    } else {
        tag_ += "(none)";
    }
    const std::size_t start = out.size();
    append_tag(out, tag_);
    continuation_.assign(1, '\n');
    continuation_.append(out, start, out.size() - start);
    continuation_ += "| ";
    style_.append_line(out, r, options_.by.has_value(), {}, {}, {}, continuation_);
    out += '\n';
}

void tagged_lines::append_unparsed(std::string& out, std::string_view text, std::uint16_t input) {
    if (options_.format == output_format::jsonl) {
        append_unparsed_json(out, text);
    } else {
        tag_.clear();
        if (input_names_.size() > 1) {
            tag_ = source_name("f" + std::to_string(input), input_names_);  // as a record's
            tag_ += ' ';
        }
        tag_ += "unparsed";
        append_tag(out, tag_);
        append_printable(out, text);
    }
    out += '\n';
}

void flat_sink::line(std::string_view text, std::uint16_t input) {
    if (parser_.parse(text, rec_)) {
        lines_.append_record(*out_, rec_, text, input);
    } else {
        ++unparsed_;
        lines_.append_unparsed(*out_, text, input);
    }
}

// "[text] ", in the tag's color: a new tag takes the next color of the palette.
void tagged_lines::append_tag(std::string& out, const std::string& text) {
    if (color_) {
        std::size_t* color = colors_.find(text);
        if (color == nullptr) {
            colors_.put(text, next_color_++);
            color = colors_.find(text);
        }
        out += group_color(*color);
    }
    out += '[';
    append_printable(out, text);
    out += ']';
    if (color_) out += color_reset;
    out += ' ';
}

}  // namespace fiberlog::tail
