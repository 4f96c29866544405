#pragma once

// How records are written: as readable text (grouped, with a header per group, or one tagged
// line at a time when following) and as JSON lines.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "fetch.hpp"
#include "field.hpp"
#include "index.hpp"
#include "line_parser.hpp"
#include "output.hpp"
#include "record.hpp"
#include "source.hpp"
#include "time.hpp"

namespace fiberlog::tail {

// The escape sequence of the n-th group's color (never red or yellow), and the one that ends
// colors.
std::string_view group_color(std::size_t n) noexcept;
inline constexpr std::string_view color_reset = "\x1b[0m";

// The color of a level's name: critical, error and warning stand out; none for the others.
std::string_view level_color(level l) noexcept;

// Context entries already shown (in a group header), as copies of key and text.
using shown_context = std::vector<std::pair<std::string, std::string>>;

// How records look as text: with colors or not, times in UTC or local.
class text_style {
public:
    text_style(bool color, bool local_time) : color_(color), time_(local_time) {}

    // Appends one record as a line of text, without the newline:
    //   2026-11-23T10:00:00.123456Z info     [12/3] app: loaded user  {attempt=2}
    // The "[fiber/parent]" part only when `show_fiber`, with `source` in front when it is not
    // empty ("[api@h1:4242 12/3]"); context entries equal to one in
    // `shown` are left out, and a key of `shown` the record lacks is listed as "-key". With
    // colors, the timestamp is in `color` (the group's) and the level in its own. Each further
    // line of a multi-line message follows, after `continuation` (a newline and what marks the
    // line as a continuation).
    void append_line(std::string& out, const record& r, bool show_fiber, std::string_view source,
                     const shown_context& shown, std::string_view color,
                     std::string_view continuation);

    bool color() const noexcept { return color_; }

private:
    bool color_;
    time_formatter time_;
};

// Appends a text-pattern record as a JSON line in fiberlog's format (no newline). "thread" is 0:
// the text pattern does not carry it.
void append_record_json(std::string& out, const record& r);

// Appends a line that is no record as {"unparsed":"<the line>"} (no newline).
void append_unparsed_json(std::string& out, std::string_view line);

// The names of the sources of the fiber groups, by the source keys the index owns: set when
// the logs come from several, so that each group's header says which.
using source_names = std::unordered_map<const std::string*, std::string>;

// --output text: a header per group, then its lines; indented by the --tree depth.
class text_sink final : public group_sink {
public:
    // `by` is the --by field, if any (span_id for --trace: the groups are then spans, and the
    // headers say their parent, process and fiber); `color` adds a color per group and per
    // level; `local_time` shows times in the local zone; `sources` (may be null) names the
    // fiber groups' sources; `input_names` are the inputs as named on the command line.
    text_sink(std::optional<field_ref> by, bool spans, bool color, bool local_time,
              const source_names* sources, std::vector<std::string> input_names);

    void begin_group(const group& g, std::uint32_t depth, std::size_t ordinal) override;
    void resume_group(const group& g, std::uint32_t depth, std::size_t ordinal,
                      std::string_view first) override;
    void line(std::string_view text, std::uint16_t input) override;

private:
    // The header shows the context of the group's first record; its lines only what differs.
    void remember_shown(const record* first);
    void append_header(const record* first);
    void append_title(const record* first, const ctx_field* key_field);
    void append_span_title(const record* first);
    const std::string& source_of(const record& r);
    void append_indent();

    std::optional<field_ref> by_;
    bool spans_;
    const source_names* sources_;
    std::vector<std::string> input_names_;
    std::uint16_t input_ = 0;  // of the line being shown
    source_keys record_sources_;      // of the lines shown, for source_of()
    std::string record_source_name_;  // the name of the last one's source
    std::string key_storage_;  // the --by field's text when it is a pid
    bool color_;
    text_style style_;
    line_parser parser_;
    record rec_;
    const group* group_ = nullptr;
    std::uint32_t depth_ = 0;
    std::size_t ordinal_ = 0;
    bool header_due_ = false;  // the header needs the group's first record
    shown_context shown_;
    std::string continuation_;  // "\n", the indentation and "| "
};

// --output jsonl: the records, each group's contiguous. JSON lines are copied as they were
// read; text lines are converted; unparsed lines are wrapped.
class jsonl_sink final : public group_sink {
public:
    void begin_group(const group& g, std::uint32_t, std::size_t) override { kind_ = g.kind; }
    void resume_group(const group& g, std::uint32_t depth, std::size_t ordinal,
                      std::string_view) override {
        begin_group(g, depth, ordinal);
    }
    void line(std::string_view text, std::uint16_t input) override;

private:
    line_parser parser_;
    record rec_;
    group_kind kind_ = group_kind::fiber;
};

// --count: one line per group, its key (control characters escaped), a tab, its line count;
// with `sources`, a tab and the source of a fiber group.
void write_counts(output& out, const log_index& index, const std::vector<planned_group>& plan,
                  const source_names* sources);

}  // namespace fiberlog::tail
