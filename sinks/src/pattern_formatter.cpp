// fiberlog::pattern_formatter(): reads the pattern as spdlog 1.10 reads it (pattern_syntax.hpp),
// turns each run of fiberlog flags and the text around them into one custom flag (see
// text_run.hpp), and hands spdlog's own pattern_formatter a pattern spelled so that it reads
// back exactly what the user's pattern meant: same flags, same padding, same text.

#include <cctype>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include <fiberlog/context.hpp>
#include <fiberlog/spdlog.hpp>
#include <spdlog/pattern_formatter.h>

#include "padding.hpp"
#include "pattern_syntax.hpp"
#include "text_run.hpp"

namespace fiberlog {
namespace {

using detail::pattern_token;
using detail::text_piece;
using custom_flags = spdlog::pattern_formatter::custom_flags;

// spdlog's function name flag, padded but never truncated: what `%8!y` (y no flag) means to
// spdlog, which no pattern spells with `%!`. Written as spdlog's source_funcname_formatter does.
class funcname_flag final : public spdlog::custom_flag_formatter {
public:
    void format(const spdlog::details::log_msg& msg, const std::tm&,
                spdlog::memory_buf_t& dest) override {
        const bool known = !msg.source.empty() && msg.source.funcname != nullptr;
        detail::append_padded(dest, known ? msg.source.funcname : "", padinfo_);
    }
    std::unique_ptr<spdlog::custom_flag_formatter> clone() const override {
        auto copy = std::make_unique<funcname_flag>();
        copy->set_padding_info(padinfo_);
        return copy;
    }
};

std::string flag_name(char c) { return std::string("%") + c; }

[[noreturn]] void throw_no_free_name(const char* what) {
    throw std::invalid_argument(
        std::string("fiberlog: too many custom flags to rewrite the pattern: no free flag "
                    "character left for ") +
        what);
}

class pattern_rewriter {
public:
    // Adds fiberlog's formatters to `flags`, which holds the user's own custom flags.
    pattern_rewriter(const std::vector<key_flag>& keys, custom_flags& flags) : flags_(flags) {
        letters_['G'] = {text_piece::kind::fiber, {}};
        letters_['J'] = {text_piece::kind::parent, {}};
        letters_['K'] = {text_piece::kind::context, {}};
        letters_['Q'] = {text_piece::kind::deadline, {}};
        letters_['U'] = {text_piece::kind::trace_id, {}};
        letters_['V'] = {text_piece::kind::span_id, {}};
        letters_['W'] = {text_piece::kind::service, {}};
        for (const key_flag& k : keys) {
            if (!std::isalpha(static_cast<unsigned char>(k.flag)) || letters_.count(k.flag) != 0)
                throw std::invalid_argument("fiberlog: cannot bind pattern flag " +
                                            flag_name(k.flag) +
                                            " to a key: use a letter other than G, J, K, Q, U,"
                                            " V, W and bind each letter once");
            (void)context{}.with(k.key, value{});  // validates the key, naming it if invalid
            letters_[k.flag] = {text_piece::kind::key, k.key};
        }
        for (const auto& [c, formatter] : flags_) {
            if (!formatter)
                throw std::invalid_argument("fiberlog: custom flag " + flag_name(c) +
                                            " has no formatter");
            if (letters_.count(c) != 0)
                throw std::invalid_argument(
                    "fiberlog: custom flag " + flag_name(c) +
                    " is fiberlog's (G, J, K, Q, U, V, W and the letters bound to keys): use"
                    " another");
            custom_[detail::flag_index(c)] = true;
        }
        for (const auto& entry : letters_) custom_[detail::flag_index(entry.first)] = true;
        // Names for merged runs: neither spdlog's flags nor custom ones, and spellable right
        // after a `%` (not a digit, `-` or `=`, which spdlog reads as padding).
        for (unsigned v = 1; v < custom_.size(); ++v) {
            const char c = static_cast<char>(v);
            if (!custom_[v] && !detail::is_spdlog_flag(c) && !std::isdigit(static_cast<int>(v)) &&
                c != '-' && c != '=')
                free_names_.push_back(c);
        }
    }

    std::string rewrite(std::string_view pattern) {
        const std::vector<pattern_token> tokens = detail::parse_pattern(pattern, custom_);
        for (const pattern_token& t : tokens)  // named first: it has no other spelling
            if (t.what == pattern_token::kind::funcname && !funcname_name_)
                funcname_name_ = add_flag(std::make_unique<funcname_flag>(),
                                          "spdlog's padded function name (`%5!` before no flag)");
        std::string result;
        for (const pattern_token& t : tokens) {
            if (t.what == pattern_token::kind::text) {
                literal_ += t.text;
            } else if (t.what == pattern_token::kind::flag && !t.padding.enabled() &&
                       letters_.count(t.flag) != 0) {
                add_to_run(t.flag);
            } else {
                end_run(result);
                if (t.what == pattern_token::kind::funcname) {
                    detail::append_flag(result, *funcname_name_, t.padding);
                } else {
                    if (letters_.count(t.flag) != 0) add_single(t.flag);  // padded: `%-20K`
                    detail::append_flag(result, t.flag, t.padding);
                }
            }
        }
        end_run(result);
        return result;
    }

private:
    // A piece of the run being built, and the letter that wrote it (0 for text).
    struct run_item {
        char letter;
        text_piece piece;
    };

    void add_to_run(char letter) {
        close_literal();
        run_.push_back({letter, letters_.at(letter)});
        has_flag_ = true;
    }

    void close_literal() {
        if (!literal_.empty())
            run_.push_back({0, text_piece{text_piece::kind::literal, std::move(literal_)}});
        literal_.clear();
    }

    // Closes the current run: one custom flag if it holds a fiberlog flag (or text with a `%`
    // while `%` is a user's custom flag, which no escaping can then spell); text if not.
    void end_run(std::string& result) {
        close_literal();
        bool unspellable = false;  // text with a `%` while `%` is a user's flag
        if (custom_[detail::flag_index('%')])
            for (const run_item& item : run_)
                unspellable = unspellable || item.piece.text.find('%') != std::string::npos;
        if (has_flag_ || unspellable) {
            if (const std::optional<char> name = run_name()) {
                detail::append_flag(result, *name, {});
            } else if (unspellable) {
                throw_no_free_name("text with `%` in it while `%` is a custom flag");
            } else {
                // More distinct runs than free names: each flag alone, still exact.
                for (const run_item& item : run_) {
                    if (item.letter == 0) {
                        detail::append_text(result, item.piece.text);
                    } else {
                        add_single(item.letter);
                        detail::append_flag(result, item.letter, {});
                    }
                }
            }
        } else {
            for (const run_item& item : run_) detail::append_text(result, item.piece.text);
        }
        run_.clear();
        has_flag_ = false;
    }

    // The flag naming the current run's pieces: the one an identical run already has, or a
    // new one; nothing when the free names are used up.
    std::optional<char> run_name() {
        std::vector<text_piece> pieces;
        for (const run_item& item : run_) pieces.push_back(item.piece);
        for (const auto& [known, name] : runs_)
            if (known == pieces) return name;
        if (free_names_.empty()) return std::nullopt;
        const char name = add_flag(std::make_unique<detail::text_run>(pieces), "a merged run");
        runs_.emplace_back(std::move(pieces), name);
        return name;
    }

    // Registers `formatter` under a free name, or throws saying what needed one.
    char add_flag(std::unique_ptr<spdlog::custom_flag_formatter> formatter, const char* what) {
        if (free_names_.empty()) throw_no_free_name(what);
        const char name = free_names_.front();
        free_names_.erase(free_names_.begin());
        flags_[name] = std::move(formatter);
        return name;
    }

    // One fiberlog flag under its own letter, for its padded uses.
    void add_single(char letter) {
        auto& slot = flags_[letter];
        if (!slot) slot = std::make_unique<detail::text_run>(std::vector{letters_.at(letter)});
    }

    custom_flags& flags_;
    std::map<char, text_piece> letters_;  // fiberlog's flags: G J K Q U V W and the bound keys
    detail::flag_set custom_;             // every custom flag: the user's and fiberlog's
    std::vector<char> free_names_;
    std::optional<char> funcname_name_;
    std::vector<std::pair<std::vector<text_piece>, char>> runs_;
    std::vector<run_item> run_;
    std::string literal_;
    bool has_flag_ = false;
};

}  // namespace

std::unique_ptr<spdlog::formatter> pattern_formatter(std::string pattern,
                                                     std::vector<key_flag> keys,
                                                     spdlog::pattern_time_type time) {
    return pattern_formatter(std::move(pattern), time, spdlog::details::os::default_eol, {},
                             std::move(keys));
}

std::unique_ptr<spdlog::formatter> pattern_formatter(std::string pattern,
                                                     spdlog::pattern_time_type time,
                                                     std::string eol, custom_flags flags,
                                                     std::vector<key_flag> keys) {
    pattern_rewriter rewriter(keys, flags);
    std::string rewritten = rewriter.rewrite(pattern);
    return std::make_unique<spdlog::pattern_formatter>(std::move(rewritten), time, std::move(eol),
                                                       std::move(flags));
}

}  // namespace fiberlog
