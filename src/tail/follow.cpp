#include "follow.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <ctime>
#include <vector>

#include "bounded_lru.hpp"
#include "errors.hpp"
#include "escape.hpp"
#include "line_parser.hpp"
#include "render.hpp"

namespace fiberlog::tail {

namespace {

constexpr std::size_t color_memory = 4096;     // groups whose color is remembered
constexpr std::size_t tree_memory = 1u << 18;  // fibers known to be in the --tree subtree
constexpr long poll_interval_ns = 150'000'000;

volatile std::sig_atomic_t stop_requested = 0;

extern "C" void request_stop(int) { stop_requested = 1; }

// Without SA_RESTART, so that a signal cuts the sleep between two polls short.
void install_stop_handlers() {
    struct sigaction action {};
    action.sa_handler = request_stop;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

// Parses, filters and prints one followed line at a time; keeps no past records.
class follow_printer {
public:
    follow_printer(const options& o, output& out)
        : options_(o), out_(out), filter_(o.filter), color_(use_color(o.color)) {}

    void line(std::string_view text) {
        if (text.empty()) return;
        if (!parser_.parse(text, rec_)) {
            ++unparsed_;
            if (filter_.accepts_unparsed(text)) print_unparsed(text);
            return;
        }
        if (!in_tree(rec_) || !filter_.accepts(rec_)) return;
        if (options_.format == output_format::jsonl) {
            std::string& out = out_.buffer();
            if (rec_.format == line_format::json) {
                out += text;
            } else {
                append_record_json(out, rec_);
            }
            out += '\n';
        } else {
            append_tag(group_key(rec_));
            append_text_line(out_.buffer(), rec_, options_.by.has_value(), {}, {});
            out_.buffer() += '\n';
        }
        out_.maybe_flush();
    }

    std::uint64_t unparsed() const noexcept { return unparsed_; }

private:
    std::string group_key(const record& r) const {
        if (!options_.by) return std::to_string(r.fiber);
        const ctx_field* field = r.find(*options_.by);
        return field != nullptr ? std::string(field->text) : "(none)";
    }

    void print_unparsed(std::string_view text) {
        std::string& out = out_.buffer();
        if (options_.format == output_format::jsonl) {
            append_unparsed_json(out, text);
        } else {
            append_tag("unparsed");
            append_printable(out, text);
        }
        out += '\n';
        out_.maybe_flush();
    }

    // "[key] ", in the group's color: a new group takes the next color of the palette.
    void append_tag(const std::string& key) {
        std::string& out = out_.buffer();
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

    // Whether the record's fiber is in the --tree subtree: the root, or a fiber whose parent
    // was seen in it. Fibers silent for longer than tree_memory others are forgotten.
    bool in_tree(const record& r) {
        if (!options_.filter.tree_root) return true;
        if (r.fiber == *options_.filter.tree_root || tree_.find(r.fiber) != nullptr ||
            tree_.find(r.parent) != nullptr || r.parent == *options_.filter.tree_root) {
            tree_.put(r.fiber, true);
            return true;
        }
        return false;
    }

    const options& options_;
    output& out_;
    record_filter filter_;
    bool color_;
    line_parser parser_;
    record rec_;
    bounded_lru<std::string, std::size_t> colors_{color_memory};
    std::size_t next_color_ = 0;
    bounded_lru<std::uint64_t, bool> tree_{tree_memory};
    std::uint64_t unparsed_ = 0;
};

void sleep_between_polls() {
    const timespec interval{0, poll_interval_ns};
    ::nanosleep(&interval, nullptr);
}

}  // namespace

followed_file::followed_file(std::string path) : path_(std::move(path)) {
    if (!open()) throw_io_error("cannot open " + path_);
}

bool followed_file::open() {
    unique_fd fd(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
    struct stat st {};
    if (!fd || ::fstat(fd.get(), &st) != 0) return false;
    if (S_ISDIR(st.st_mode)) throw io_error("cannot read " + path_ + ": Is a directory");
    fd_ = std::move(fd);
    dev_ = st.st_dev;
    ino_ = st.st_ino;
    reader_.emplace(fd_.get(), path_, 0);
    return true;
}

bool followed_file::rotated() const {
    struct stat st {};
    return ::stat(path_.c_str(), &st) != 0 || st.st_dev != dev_ || st.st_ino != ino_;
}

bool followed_file::truncated() const {
    struct stat st {};
    return ::fstat(fd_.get(), &st) == 0 &&
           static_cast<std::uint64_t>(st.st_size) < reader_->end_offset();
}

std::uint64_t run_follow(const options& o, output& out) {
    follow_printer printer(o, out);
    const auto print = [&](std::string_view text) { printer.line(text); };

    if (o.files.empty()) {  // a stream: read it to its end, printing as lines come
        line_reader reader(STDIN_FILENO, "stdin", 0, false);
        std::string_view text;
        std::uint64_t offset = 0;
        while (reader.next(text, offset)) {
            print(text);
            out.flush();
        }
        if (reader.take_rest(text, offset)) print(text);
        return printer.unparsed();
    }

    std::vector<followed_file> files;
    for (const std::string& path : o.files) files.emplace_back(path);
    install_stop_handlers();
    while (stop_requested == 0) {
        bool any = false;
        for (followed_file& f : files) any |= f.poll(print);
        out.flush();
        if (!any) sleep_between_polls();
    }
    return printer.unparsed();
}

}  // namespace fiberlog::tail
