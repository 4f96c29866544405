#pragma once

// Records printed one per line, not grouped (--follow, --flat): as text, each line tagged with
// its group's key, "[12] " or "[r-1] ", with its source in front when the logs may come from
// several ("[api@h1:4242 12] ", "[b.log 12] "), in a color per tag, like stern's pod prefix;
// or as JSON lines.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bounded_lru.hpp"
#include "fetch.hpp"
#include "line_parser.hpp"
#include "options.hpp"
#include "record.hpp"
#include "render.hpp"
#include "source.hpp"

namespace fiberlog::tail {

class tagged_lines {
public:
    static constexpr std::size_t color_memory = 4096;  // tags whose color is remembered

    // `input_names`: the inputs as named on the command line ("-" for stdin). The source is
    // shown when there are several inputs or a record names its process.
    tagged_lines(const options& o, std::vector<std::string> input_names);

    // Appends `r`, read as `text` from input `input`, and a newline.
    void append_record(std::string& out, const record& r, std::string_view text,
                       std::uint16_t input);
    // Appends a line that is no record ("[unparsed] ...", {"unparsed":...}) and a newline.
    void append_unparsed(std::string& out, std::string_view text, std::uint16_t input);

private:
    void append_tag(std::string& out, const std::string& text);
    const std::string& source(const record& r, std::uint16_t input);

    const options& options_;
    std::vector<std::string> input_names_;
    bool color_;
    text_style style_;
    source_keys sources_;
    std::string source_name_;  // of the last record's source
    std::string tag_, storage_, continuation_;
    bounded_lru<std::string, std::size_t> colors_{color_memory};
    std::size_t next_color_ = 0;
};

// --flat: every line on its own, tagged (tagged_lines), in the order of the index.
class flat_sink final : public group_sink {
public:
    flat_sink(const options& o, std::vector<std::string> input_names)
        : lines_(o, std::move(input_names)) {}

    void begin_group(const group&, std::uint32_t, std::size_t) override {}
    void resume_group(const group&, std::uint32_t, std::size_t, std::string_view) override {}
    void line(std::string_view text, std::uint16_t input) override;

private:
    tagged_lines lines_;
    line_parser parser_;
    record rec_;
};

}  // namespace fiberlog::tail
