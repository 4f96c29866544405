// fiberlog::pattern_formatter(): rewrites a pattern so that each run of fiberlog flags and
// the literal text around them becomes one custom flag (see text_run.hpp), then hands the
// result to spdlog's own pattern_formatter.

#include <cctype>
#include <map>
#include <stdexcept>
#include <string>

#include <fiberlog/context.hpp>
#include <fiberlog/spdlog.hpp>
#include <spdlog/pattern_formatter.h>

#include "text_run.hpp"

namespace fiberlog {
namespace {

using detail::text_piece;

// The flag characters a merged run is given: control characters, which no spdlog flag uses
// and no hand-written pattern contains.
constexpr char first_run_flag = '\x01';
constexpr char last_run_flag = '\x1f';

class pattern_rewriter {
public:
    explicit pattern_rewriter(const std::vector<key_flag>& keys) {
        flags_['G'] = {text_piece::kind::fiber, {}};
        flags_['J'] = {text_piece::kind::parent, {}};
        flags_['K'] = {text_piece::kind::context, {}};
        flags_['Q'] = {text_piece::kind::deadline, {}};
        for (const key_flag& k : keys) {
            if (!std::isalpha(static_cast<unsigned char>(k.flag)) || flags_.count(k.flag) != 0)
                throw std::invalid_argument(std::string("fiberlog: cannot bind pattern flag %") +
                                            k.flag + " to a key: use a letter other than G, J, K, Q"
                                                     " and bind each letter once");
            (void)context{}.with(k.key, value{});  // validates the key, naming it if invalid
            flags_[k.flag] = {text_piece::kind::key, k.key};
        }
    }

    // Every fiberlog letter as a flag of its own, for the padded uses (`%-20K`).
    void add_single_flags(spdlog::pattern_formatter::custom_flags& out) const {
        for (const auto& [letter, piece] : flags_)
            out[letter] = std::make_unique<detail::text_run>(std::vector<text_piece>{piece});
    }

    std::string rewrite(const std::string& pattern, spdlog::pattern_formatter::custom_flags& out) {
        std::string result;
        for (std::size_t i = 0; i < pattern.size();) {
            if (pattern[i] != '%' || i + 1 == pattern.size()) {
                literal_ += pattern[i++];
                continue;
            }
            const std::size_t spec_end = padding_end(pattern, i + 1);
            if (spec_end == pattern.size()) {  // a dangling `%-5`: spdlog's business
                end_run(result, out);
                result.append(pattern, i, std::string::npos);
                break;
            }
            const char flag = pattern[spec_end];
            const bool padded = spec_end != i + 1;
            if (!padded && flag == '%') {
                literal_ += '%';
            } else if (!padded && flags_.count(flag) != 0) {
                run_.push_back(text_piece{text_piece::kind::literal, std::move(literal_)});
                literal_.clear();
                run_.push_back(flags_.at(flag));
                has_flag_ = true;
            } else {
                end_run(result, out);
                result.append(pattern, i, spec_end + 1 - i);
            }
            i = spec_end + 1;
        }
        end_run(result, out);
        return result;
    }

private:
    // Past spdlog's padding spec after a '%': [-=+]? digits* '!'?
    static std::size_t padding_end(const std::string& p, std::size_t i) {
        if (i < p.size() && (p[i] == '-' || p[i] == '=' || p[i] == '+')) ++i;
        while (i < p.size() && std::isdigit(static_cast<unsigned char>(p[i]))) ++i;
        if (i < p.size() && p[i] == '!') ++i;
        return i;
    }

    // Closes the current run: a custom flag if it holds a fiberlog flag, literal text if not.
    void end_run(std::string& result, spdlog::pattern_formatter::custom_flags& out) {
        if (has_flag_ && next_run_flag_ <= last_run_flag) {
            if (!literal_.empty())
                run_.push_back(text_piece{text_piece::kind::literal, std::move(literal_)});
            std::vector<text_piece> pieces;
            for (text_piece& p : run_)
                if (p.what != text_piece::kind::literal || !p.text.empty())
                    pieces.push_back(std::move(p));
            out[next_run_flag_] = std::make_unique<detail::text_run>(std::move(pieces));
            result += '%';
            result += next_run_flag_++;
        } else {
            // Not merged (no fiberlog flag, or more runs than run flags): as written.
            for (const text_piece& p : run_) append_as_written(result, p);
            append_escaped(result, literal_);
        }
        run_.clear();
        literal_.clear();
        has_flag_ = false;
    }

    void append_as_written(std::string& result, const text_piece& p) const {
        if (p.what == text_piece::kind::literal) return append_escaped(result, p.text);
        for (const auto& [letter, piece] : flags_)
            if (piece.what == p.what && piece.text == p.text) {
                result += '%';
                result += letter;
                return;
            }
    }

    static void append_escaped(std::string& result, const std::string& literal) {
        for (char c : literal) {
            if (c == '%') result += '%';
            result += c;
        }
    }

    std::map<char, text_piece> flags_;
    std::vector<text_piece> run_;
    std::string literal_;
    bool has_flag_ = false;
    char next_run_flag_ = first_run_flag;
};

}  // namespace

std::unique_ptr<spdlog::formatter> pattern_formatter(std::string pattern,
                                                     std::vector<key_flag> keys,
                                                     spdlog::pattern_time_type time) {
    pattern_rewriter rewriter(keys);
    spdlog::pattern_formatter::custom_flags flags;
    rewriter.add_single_flags(flags);
    std::string rewritten = rewriter.rewrite(pattern, flags);
    return std::make_unique<spdlog::pattern_formatter>(std::move(rewritten), time,
                                                       spdlog::details::os::default_eol,
                                                       std::move(flags));
}

}  // namespace fiberlog
