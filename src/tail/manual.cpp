#include "manual.hpp"

#include <algorithm>
#include <vector>

namespace fiberlog::tail {

namespace {

constexpr std::size_t width = 80;        // of --help's lines
constexpr std::size_t name_column = 26;  // where the descriptions start

constexpr std::string_view usage = "fiberlog-tail [OPTIONS] [FILE...]";

constexpr std::string_view description =
    "Reads fiberlog's logs (JSON lines or the default text pattern, from files or stdin) back "
    "as stories: grouped by fiber (each process's apart), by a context key or a field, as a "
    "fiber's subtree or a trace's span tree, or as one stream in time order; or follows them "
    "as they grow.";

struct item {
    std::string_view term;
    std::string_view text;
};

struct section {
    std::string_view title;
    std::string_view intro;
    std::vector<item> items;
};

const std::vector<section>& sections() {
    static const std::vector<section> all = {
        {"Times",
         "--since and --until take a time (inclusive) in one of these forms; without a zone it "
         "is local time (TZ).",
         {{"2026-11-23T10:00:00Z", "RFC 3339: 'T' or a space, an optional fraction, 'Z' or an "
                                   "offset such as +01:00"},
          {"2026-11-23", "a date: its first microsecond, local time"},
          {"10:30, 10:30:15", "a time of today, local time"},
          {"15m, 1h30m, 500ms", "a duration before now; units ms, s, m, h, d, combined largest "
                                "first"}}},
        {"Examples",
         "",
         {{"fiberlog-tail app.log", "grouped by fiber, in order of first appearance"},
          {"fiberlog-tail --by request_id app.log", "one group per request"},
          {"fiberlog-tail --tree 12 --count app.log", "fiber 12's subtree, lines per fiber"},
          {"fiberlog-tail --trace 4bf92f3577b34da6a3ce929d0e0e4736 front.log back.log",
           "one request across two services, as its span tree"},
          {"fiberlog-tail --by trace_id front.log back.log", "one group per request, both logs"},
          {"fiberlog-tail --where user=alice --level warn --output jsonl a.log",
           "alice's warnings and errors as JSON lines"},
          {"fiberlog-tail --where 'path~=/orders' -i --grep timeout app.log",
           "a substring in a context value, a message regex in any case"},
          {"fiberlog-tail --flat --since 10:00 --until 10:05 app.log",
           "five minutes in time order"},
          {"fiberlog-tail -f -n 20 --level error app.log",
           "the last 20 errors, then each new one"}}},
        {"Exit status",
         "",
         {{"0", "success, also when the reader of the output goes away (| head)"},
          {"1", "an input could not be opened or read (the others are still printed), or the "
                "output could not be written"},
          {"2", "a usage error"},
          {"130, 143", "--follow stopped by SIGINT (Ctrl-C) or SIGTERM"}}},
    };
    return all;
}

// "-f, --follow" from CLI11's "-f,--follow"; "FILE..." for the positional.
std::string option_flags(const CLI::Option& opt) {
    if (opt.get_positional()) return opt.get_type_name() + "...";
    std::string names = opt.get_name(false, true);
    for (std::size_t at = names.find(','); at != std::string::npos; at = names.find(',', at + 2)) {
        names.insert(at + 1, " ");
    }
    return names;
}

// The flags and the argument's name: "-n, --lines N".
std::string option_names(const CLI::Option& opt) {
    const std::string type = opt.get_positional() ? std::string() : opt.get_type_name();
    return type.empty() ? option_flags(opt) : option_flags(opt) + " " + type;
}

// Appends `text` wrapped to `width`, every line but the first indented by `indent`, the first
// starting at column `column`.
void append_wrapped(std::string& out, std::string_view text, std::size_t column,
                    std::size_t indent) {
    while (!text.empty()) {
        const std::size_t room = width - 1 - column;
        std::size_t take = text.size();
        if (take > room) {
            take = text.rfind(' ', room);
            if (take == std::string_view::npos || take == 0) take = text.find(' ');
            if (take == std::string_view::npos) take = text.size();
        }
        out.append(text.substr(0, take));
        text.remove_prefix(take);
        while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
        if (text.empty()) break;
        out += '\n';
        out.append(indent, ' ');
        column = indent;
    }
}

// "  term                    text, wrapped", the text on its own line when the term is long.
void append_row(std::string& out, std::string_view term, std::string_view text) {
    out += "  ";
    out += term;
    std::size_t column = 2 + term.size();
    if (column + 2 > name_column) {
        out += '\n';
        column = 0;
    }
    out.append(name_column - column, ' ');
    append_wrapped(out, text, name_column, name_column);
    out += '\n';
}

// The option groups in the order their first option was declared.
std::vector<std::string> option_groups(const CLI::App& app) {
    std::vector<std::string> groups;
    for (const CLI::Option* opt : app.get_options()) {
        const std::string& g = opt->get_group();
        if (!g.empty() && std::find(groups.begin(), groups.end(), g) == groups.end()) {
            groups.push_back(g);
        }
    }
    return groups;
}

// roff text: backslashes as \e, and a leading '.' or '\'' made literal.
std::string roff(std::string_view text) {
    std::string out;
    if (!text.empty() && (text.front() == '.' || text.front() == '\'')) out += "\\&";
    for (const char c : text) {
        if (c == '\\') {
            out += "\\e";
        } else if (c == '\n') {
            out += "\n.br\n";
        } else {
            out += c;
        }
    }
    return out;
}

// A command or option as roff: bold, with '-' as the minus sign \-.
std::string roff_literal(std::string_view text) {
    std::string out = "\\fB";
    for (const char c : roff(text)) {
        if (c == '-') out += '\\';
        out += c;
    }
    return out + "\\fR";
}

}  // namespace

std::string help_text(const CLI::App& app) {
    std::string out = "Usage: ";
    out += usage;
    out += "\n\n";
    append_wrapped(out, description, 0, 0);
    out += '\n';
    for (const std::string& group : option_groups(app)) {
        out += '\n';
        out += group;
        out += ":\n";
        for (const CLI::Option* opt : app.get_options()) {
            if (opt->get_group() == group) append_row(out, option_names(*opt), opt->get_description());
        }
    }
    for (const section& s : sections()) {
        out += '\n';
        out += s.title;
        out += ":\n";
        if (!s.intro.empty()) {
            out += "  ";
            append_wrapped(out, s.intro, 2, 2);
            out += '\n';
        }
        for (const item& i : s.items) append_row(out, i.term, i.text);
    }
    return out;
}

std::string man_page(const CLI::App& app, std::string_view version) {
    std::string out = ".TH FIBERLOG-TAIL 1 \"\" \"fiberlog " + std::string(version) +
                      "\" \"User Commands\"\n"
                      ".SH NAME\n"
                      "fiberlog-tail \\- read fiberlog's logs back grouped by fiber, request or "
                      "trace\n"
                      ".SH SYNOPSIS\n"
                      ".B fiberlog-tail\n"
                      "[\\fIOPTIONS\\fR] [\\fIFILE\\fR...]\n"
                      ".SH DESCRIPTION\n" +
                      roff(description) + "\n.SH OPTIONS\n";
    for (const std::string& group : option_groups(app)) {
        out += ".SS " + roff(group) + "\n";
        for (const CLI::Option* opt : app.get_options()) {
            if (opt->get_group() != group) continue;
            const std::string flags = option_flags(*opt);
            out += ".TP\n" + (opt->get_positional() ? "\\fI" + roff(flags) + "\\fR"
                                                    : roff_literal(flags));
            if (!opt->get_positional() && !opt->get_type_name().empty()) {
                out += " \\fI" + roff(opt->get_type_name()) + "\\fR";
            }
            out += "\n" + roff(opt->get_description()) + "\n";
        }
    }
    for (const section& s : sections()) {
        std::string title(s.title);
        for (char& c : title) {
            if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
        }
        out += ".SH " + title + "\n";
        if (!s.intro.empty()) out += roff(s.intro) + "\n";
        for (const item& i : s.items) {
            const bool command = s.title == "Examples";
            out += ".TP\n" + (command ? roff_literal(i.term) : roff(i.term)) + "\n" +
                   roff(i.text) + "\n";
        }
    }
    out += ".SH SEE ALSO\n"
           "\\fBtail\\fR(1), \\fBlnav\\fR(1); fiberlog's README (fiberlog-tail and lnav)\n";
    return out;
}

}  // namespace fiberlog::tail
