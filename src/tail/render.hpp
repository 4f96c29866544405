#pragma once

// How records are written: as readable text (grouped, with a header per group, or one tagged
// line at a time when following) and as JSON lines.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fetch.hpp"
#include "index.hpp"
#include "line_parser.hpp"
#include "output.hpp"
#include "record.hpp"

namespace fiberlog::tail {

// The escape sequence of the n-th group's color, and the one that ends it.
std::string_view group_color(std::size_t n) noexcept;
inline constexpr std::string_view color_reset = "\x1b[0m";

// Context entries already shown (in a group header), as copies of key and text.
using shown_context = std::vector<std::pair<std::string, std::string>>;

// Appends one record as a line of text, without the newline:
//   2026-11-23T10:00:00.123456Z info     [12/3] app: loaded user  {attempt=2}
// The "[fiber/parent]" part only when `show_fiber`; context entries equal to one in `shown`
// are left out, and a key of `shown` the record lacks is listed as "-key"; the timestamp in
// `color` unless it is empty. Each further line of a multi-line message follows, after
// `continuation` (a newline and what marks the line as a continuation).
void append_text_line(std::string& out, const record& r, bool show_fiber,
                      const shown_context& shown, std::string_view color,
                      std::string_view continuation);

// Appends a text-pattern record as a JSON line in fiberlog's format (no newline). "thread" is 0:
// the text pattern does not carry it.
void append_record_json(std::string& out, const record& r);

// Appends a line that is no record as {"unparsed":"<the line>"} (no newline).
void append_unparsed_json(std::string& out, std::string_view line);

// --output text: a header per group, then its lines; indented by the --tree depth.
class text_sink final : public group_sink {
public:
    // `by` is the --by key, if any; `color` adds a color per group.
    text_sink(std::optional<std::string> by, bool color);

    void begin_group(const group& g, std::uint32_t depth, std::size_t ordinal) override;
    void resume_group(const group& g, std::uint32_t depth, std::size_t ordinal,
                      std::string_view first) override;
    void line(std::string_view text) override;

private:
    // The header shows the context of the group's first record; its lines only what differs.
    void remember_shown(const record* first);
    void append_header(const record* first);
    void append_title(const record* first, const ctx_field* key_field);
    void append_indent();

    std::optional<std::string> by_;
    bool color_;
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
    void begin_group(const group& g, std::uint32_t, std::size_t) override {
        unparsed_ = g.kind == group_kind::unparsed;
    }
    void resume_group(const group& g, std::uint32_t depth, std::size_t ordinal,
                      std::string_view) override {
        begin_group(g, depth, ordinal);
    }
    void line(std::string_view text) override;

private:
    line_parser parser_;
    record rec_;
    bool unparsed_ = false;
};

// --count: one line per group, its key (control characters escaped), a tab, its line count.
void write_counts(output& out, const log_index& index, const std::vector<planned_group>& plan);

}  // namespace fiberlog::tail
