#include "render.hpp"

#include <array>
#include <charconv>

#include <fiberlog/log_format.hpp>

#include "escape.hpp"
#include "time.hpp"

namespace fiberlog::tail {

namespace {

void append_uint(std::string& out, std::uint64_t v) {
    char buf[20];
    const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
    out.append(buf, end);
}

bool is_shown(const shown_context& shown, const ctx_field& field) {
    for (const auto& [key, text] : shown) {
        if (key == field.key) return text == field.text;
    }
    return false;
}

void append_kv(std::string& out, const ctx_field& field) {
    append_printable(out, field.key);
    out += '=';
    append_kv_value(out, field);
}

void append_json_value(std::string& out, const ctx_field& field) {
    switch (field.kind) {
        case value_kind::boolean:
            out += field.text;
            return;
        case value_kind::integer:
        case value_kind::floating:
            // A non-finite double ("inf") has no JSON number: it is written as a string.
            if (log_format::is_json_number(field.text)) {
                out += field.text;
                return;
            }
            break;
        case value_kind::string:
            break;
    }
    log_format::append_json_string(out, field.text);
}

// `Parts` joined at compile time: the fixed bytes of a JSON record, around log_format's field
// names, cost one append each as a literal would.
template <const std::string_view&... Parts>
struct joined {
    static constexpr std::size_t size = (Parts.size() + ...);
    static constexpr std::array<char, size> bytes = [] {
        std::array<char, size> b{};
        std::size_t at = 0;
        for (const std::string_view part : {Parts...}) {
            for (const char c : part) b[at++] = c;
        }
        return b;
    }();
};
template <const std::string_view&... Parts>
constexpr std::string_view join{joined<Parts...>::bytes.data(), joined<Parts...>::size};

// The punctuation around a member's name.
constexpr std::string_view brace_quote = "{\"", comma_quote = ",\"", quote_comma_quote = "\",\"",
                           quote_colon = "\":", quote_colon_quote = "\":\"",
                           quote_colon_brace = "\":{";

}  // namespace

std::string_view group_color(std::size_t n) noexcept {
    // No red or yellow: those are the colors of errors and warnings.
    static constexpr std::array<std::string_view, 8> palette{
        "\x1b[36m", "\x1b[35m", "\x1b[32m", "\x1b[34m",
        "\x1b[96m", "\x1b[95m", "\x1b[92m", "\x1b[94m"};
    return palette[n % palette.size()];
}

std::string_view level_color(level l) noexcept {
    switch (l) {
        case level::critical:
            return "\x1b[1;97;41m";  // bold white on red
        case level::error:
            return "\x1b[1;31m";  // bold red
        case level::warning:
            return "\x1b[33m";  // yellow
        default:
            return {};
    }
}

void text_style::append_line(std::string& out, const record& r, bool show_fiber,
                             std::string_view source, const shown_context& shown,
                             std::string_view color, std::string_view continuation) {
    if (!color_) color = {};
    out += color;
    time_.append(out, r.ts_us);
    if (!color.empty()) out += color_reset;
    out += ' ';
    const std::string_view lvl = level_name(r.lvl);
    const std::string_view lvl_color = color_ ? level_color(r.lvl) : std::string_view();
    out += lvl_color;
    out += lvl;
    if (!lvl_color.empty()) out += color_reset;
    out.append(9 - lvl.size(), ' ');  // "critical" and a space
    if (show_fiber) {
        out += '[';
        if (!source.empty()) {
            append_printable(out, source);
            out += ' ';
        }
        append_uint(out, r.fiber);
        out += '/';
        append_uint(out, r.parent);
        out += "] ";
    }
    if (!r.logger.empty()) {
        append_printable(out, r.logger);
        out += ": ";
    }
    const std::size_t first_end = r.msg.find('\n');
    append_printable(out, r.msg.substr(0, first_end));
    bool open = false;
    const auto separate = [&] {
        out += open ? " " : "  {";
        open = true;
    };
    for (const ctx_field& field : r.ctx) {
        if (is_shown(shown, field)) continue;
        separate();
        append_kv(out, field);
    }
    // A key of the header that this record's context no longer has (remove(), clear()):
    // "-key", which no pair can be mistaken for, since every pair has an '='.
    for (const auto& [key, text] : shown) {
        if (r.find(key) != nullptr) continue;
        separate();
        out += '-';
        append_printable(out, key);
    }
    if (open) out += '}';
    // The message's other lines (a stack trace), each on a line of its own.
    if (first_end == std::string_view::npos) return;
    std::string_view rest = r.msg.substr(first_end + 1);
    for (;;) {
        const std::size_t end = rest.find('\n');
        out += continuation;
        append_printable(out, rest.substr(0, end));
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 1);
    }
}

void append_record_json(std::string& out, const record& r) {
    namespace field = log_format::field;
    out += join<brace_quote, field::ts, quote_colon_quote>;
    append_rfc3339(out, r.ts_us);
    out += join<quote_comma_quote, field::level, quote_colon_quote>;
    out += level_name(r.lvl);
    out += join<quote_comma_quote, field::logger, quote_colon>;
    log_format::append_json_string(out, r.logger);
    out += join<comma_quote, field::fiber, quote_colon>;
    append_uint(out, r.fiber);
    out += join<comma_quote, field::parent, quote_colon>;
    append_uint(out, r.parent);
    out += join<comma_quote, field::thread, quote_colon>;
    append_uint(out, r.thread);
    out += join<comma_quote, field::msg, quote_colon>;
    log_format::append_json_string(out, r.msg);
    if (!r.deadline_ms.empty()) {
        out += join<comma_quote, field::deadline_ms, quote_colon>;
        out += r.deadline_ms;
    }
    out += join<comma_quote, field::ctx, quote_colon_brace>;
    for (std::size_t i = 0; i < r.ctx.size(); ++i) {
        if (i > 0) out += ',';
        log_format::append_json_string(out, r.ctx[i].key);
        out += ':';
        append_json_value(out, r.ctx[i]);
    }
    out += "}}";
}

void append_unparsed_json(std::string& out, std::string_view line) {
    out += "{\"unparsed\":";
    log_format::append_json_string(out, line);
    out += '}';
}

text_sink::text_sink(std::optional<field_ref> by, bool spans, bool color, bool local_time,
                     const source_names* sources, std::vector<std::string> input_names)
    : by_(std::move(by)),
      spans_(spans),
      sources_(sources),
      input_names_(std::move(input_names)),
      color_(color),
      style_(color, local_time) {}

void text_sink::begin_group(const group& g, std::uint32_t depth, std::size_t ordinal) {
    group_ = &g;
    depth_ = depth;
    ordinal_ = ordinal;
    header_due_ = true;
}

void text_sink::resume_group(const group& g, std::uint32_t depth, std::size_t ordinal,
                             std::string_view first) {
    begin_group(g, depth, ordinal);
    header_due_ = false;
    const bool parsed = g.kind != group_kind::unparsed && parser_.parse(first, rec_);
    remember_shown(parsed ? &rec_ : nullptr);
}

void text_sink::line(std::string_view text, std::uint16_t input) {
    std::string& out = *out_;
    input_ = input;
    // A line that no longer parses (its input changed since it was indexed) is shown raw.
    const bool parsed = group_->kind != group_kind::unparsed && parser_.parse(text, rec_);
    if (header_due_) append_header(parsed ? &rec_ : nullptr);
    append_indent();
    out += "  ";
    if (parsed) {
        continuation_.assign(1, '\n');
        continuation_.append(std::size_t{2} * depth_ + 4, ' ');
        continuation_ += "| ";
        // A group of another key than the fiber mixes sources: each line says its own.
        const bool show_fiber = group_->kind != group_kind::fiber;
        style_.append_line(out, rec_, show_fiber,
                           show_fiber && sources_ != nullptr && !spans_
                               ? std::string_view(source_of(rec_))
                               : std::string_view(),
                           shown_, group_color(ordinal_), continuation_);
    } else {
        ++unparsed_;
        append_printable(out, text);
    }
    out += '\n';
}

void text_sink::remember_shown(const record* first) {
    shown_.clear();
    if (first == nullptr) return;
    for (const ctx_field& field : first->ctx) shown_.emplace_back(field.key, field.text);
}

// "== fiber 12 (parent 3) | 4 lines | request_id=r-1 user=alice" ("== fiber 12 (parent 3) @
// api@h1:4242 | ..." when the logs come from several sources), for --by groups
// "== request_id=r-1 | 7 lines | user=alice", for --trace's spans "== span 00f067aa0ba902b7
// (parent 1111111111111111) @ api@h1:4242 fiber 12 | ...". The context is the first record's;
// the lines then show only what differs from it.
void text_sink::append_header(const record* first) {
    header_due_ = false;
    remember_shown(first);
    std::string& out = *out_;
    if (ordinal_ > 0) out += '\n';
    append_indent();
    if (color_) {
        out += "\x1b[1m";
        out += group_color(ordinal_);
    }
    out += "== ";
    std::optional<ctx_field> key_field;
    if (first != nullptr && by_) key_field = by_->find(*first, key_storage_);
    append_title(first, key_field ? &*key_field : nullptr);
    out += " | ";
    append_uint(out, group_->count);
    out += group_->count == 1 ? " line" : " lines";
    if (first != nullptr) {
        const char* separator = " | ";
        for (const ctx_field& field : first->ctx) {
            if (key_field && field == *key_field) continue;  // already in the title
            out += separator;
            separator = " ";
            append_kv(out, field);
        }
    }
    if (color_) out += color_reset;
    out += '\n';
}

// "fiber 12 (parent 3)" and its source when there are several, a span, "request_id=r-1",
// "request_id (none)", "unparsed" or "all".
void text_sink::append_title(const record* first, const ctx_field* key_field) {
    std::string& out = *out_;
    switch (group_->kind) {
        case group_kind::fiber:
            out += "fiber ";
            append_uint(out, group_->fiber);
            if (first != nullptr) {
                out += " (parent ";
                append_uint(out, first->parent);
                out += ')';
            }
            if (sources_ != nullptr) {
                out += " @ ";
                append_printable(out, sources_->at(group_->source));
            }
            break;
        case group_kind::value:
            if (spans_) {
                append_span_title(first);
                break;
            }
            if (key_field != nullptr) {
                append_kv(out, *key_field);
            } else {  // the line no longer parses
                append_printable(out, by_->name());
                out += '=';
                append_printable(out, *group_->value);
            }
            break;
        case group_kind::none:
            append_printable(out, by_->name());
            out += " (none)";
            break;
        case group_kind::unparsed:
            out += "unparsed";
            break;
        case group_kind::all:
            out += "all";
            break;
    }
}

// The name of the source of `r`, a record of the line being shown (read from input_).
const std::string& text_sink::source_of(const record& r) {
    const std::string& key = record_sources_.key(r, input_);
    if (record_sources_.changed()) record_source_name_ = source_name(key, input_names_);
    return record_source_name_;
}

// "span 00f067aa0ba902b7 (parent 1111111111111111) @ api@h1:4242 fiber 12": a span is one
// fiber's in one process, so its first record says which.
void text_sink::append_span_title(const record* first) {
    std::string& out = *out_;
    out += "span ";
    append_printable(out, *group_->value);
    if (first == nullptr) return;
    if (!first->parent_span_id.empty()) {
        out += " (parent ";
        out += first->parent_span_id;
        out += ')';
    }
    out += " @ ";
    append_printable(out, source_of(*first));
    out += " fiber ";
    append_uint(out, first->fiber);
}

void text_sink::append_indent() { out_->append(std::size_t{2} * depth_, ' '); }

void jsonl_sink::line(std::string_view text, std::uint16_t) {
    std::string& out = *out_;
    // A JSON line of a group of records is copied without parsing it again; --flat's one
    // group holds every line, so each is parsed there.
    const bool json = is_json_line(text);
    const bool record_group = kind_ != group_kind::unparsed && kind_ != group_kind::all;
    if (!(json && record_group) && (kind_ == group_kind::unparsed || !parser_.parse(text, rec_))) {
        ++unparsed_;
        append_unparsed_json(out, text);  // also a line of the input that changed since
    } else if (json) {
        out += text;  // a JSON record is re-emitted as it was read
    } else {
        append_record_json(out, rec_);
    }
    out += '\n';
}

void write_counts(output& out, const log_index& index, const std::vector<planned_group>& plan,
                  const source_names* sources) {
    for (const planned_group& p : plan) {
        const group& g = index.groups()[p.group];
        append_printable(out.buffer(), group_name(g));
        out.buffer() += '\t';
        append_uint(out.buffer(), g.count);
        if (sources != nullptr && g.kind == group_kind::fiber) {
            out.buffer() += '\t';
            append_printable(out.buffer(), sources->at(g.source));
        }
        out.buffer() += '\n';
        out.maybe_flush();
    }
}

}  // namespace fiberlog::tail
