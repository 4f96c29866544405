#include "follow.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <optional>
#include <vector>

#include "backlog.hpp"
#include "errors.hpp"
#include "stream_printer.hpp"

namespace fiberlog::tail {

namespace {

constexpr int poll_interval_ms = 150;

volatile std::sig_atomic_t stop_signal = 0;

extern "C" void request_stop(int sig) { stop_signal = sig; }

// Without SA_RESTART, so that a signal cuts the wait between two polls short.
void install_stop_handlers() {
    struct sigaction action {};
    action.sa_handler = request_stop;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

// Waits up to one poll interval, or until a stream has something to read.
void wait_between_polls(const std::vector<followed_file>& files) {
    std::vector<pollfd> streams;
    for (const followed_file& f : files) {
        if (f.stream_fd() >= 0) streams.push_back({f.stream_fd(), POLLIN, 0});
    }
    ::poll(streams.data(), streams.size(), poll_interval_ms);  // EINTR: a stop request
}

// stdin, read to its end, each line printed as soon as it is complete. The default signal
// actions stay: a blocking read cannot be cut short by a flag.
run_summary follow_stdin(stream_printer& printer, output& out) {
    line_reader reader(STDIN_FILENO, "stdin", 0, false);
    std::string_view text;
    std::uint64_t offset = 0;
    for (;;) {
        if (!reader.has_line()) {  // the next read may wait: print what is held first
            printer.flush();
            out.flush();
        }
        if (!reader.next(text, offset)) break;
        printer.line(0, offset, text);
    }
    if (reader.take_rest(text, offset)) printer.line(0, offset, text);
    printer.flush();
    return {printer.unparsed(), false, 0};
}

}  // namespace

bool followed_file::open() {
    // Not O_NONBLOCK: opening a FIFO waits for its writer, as `< fifo` does.
    unique_fd fd(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
    struct stat st {};
    if (!fd || ::fstat(fd.get(), &st) != 0) return false;
    if (S_ISDIR(st.st_mode)) throw io_error("cannot read " + path_ + ": Is a directory");
    stream_ = !S_ISREG(st.st_mode);
    if (stream_) {
        // Our own open file description: reads return EAGAIN instead of blocking the others.
        ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) | O_NONBLOCK);
    }
    fd_ = std::move(fd);
    dev_ = st.st_dev;
    ino_ = st.st_ino;
    reader_.emplace(fd_.get(), path_, 0, !stream_);
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

// With -n: prints the last records of each regular file (from where backlog_start says) and
// leaves it to be followed from its end; a stream's last records wait for its end, in `held`.
void print_backlogs(const options& o, std::vector<followed_file>& files, stream_printer& printer,
                    std::vector<std::optional<last_records>>& held, output& out) {
    for (std::size_t i = 0; i < files.size(); ++i) {
        followed_file& f = files[i];
        if (f.fd() < 0) continue;  // missing: all of it once it appears
        held[i].emplace(*o.lines);
        if (f.is_stream()) continue;
        struct stat st {};
        if (::fstat(f.fd(), &st) != 0) throw_io_error("cannot stat " + f.path());
        const std::uint64_t start =
            backlog_start(o, f.fd(), f.path(), static_cast<std::uint64_t>(st.st_size), *o.lines);
        f.start_at(start);
        continuation_skipper skipper(start);
        const auto input = static_cast<std::uint16_t>(i);
        while (f.poll([&](std::uint64_t offset, std::string_view text) {
            if (skipper.keep(text)) printer.line(input, offset, text);
        })) {
        }
        printer.flush();
        held[i]->write_to(out);
        held[i].reset();
    }
}

run_summary run_follow(const options& o, output& out) {
    // With -n, what is printed for a file goes here until its last records are known.
    std::vector<std::optional<last_records>> held(std::max<std::size_t>(o.files.size(), 1));
    stream_printer printer(
        o,
        [&](std::uint16_t input, std::string_view printed) {
            if (held[input]) return held[input]->push(printed);
            out.buffer() += printed;
            out.maybe_flush();
        },
        o.files.empty() ? std::vector<std::string>{"-"} : o.files);
    if (o.files.empty()) {
        if (o.lines) held[0].emplace(*o.lines);
        run_summary summary = follow_stdin(printer, out);
        if (held[0]) held[0]->write_to(out);
        return summary;
    }

    run_summary summary;
    std::vector<followed_file> files;
    bool any_open = false;
    for (const std::string& path : o.files) {
        followed_file f(path);
        try {
            if (f.open()) {
                any_open = true;
            } else {
                report(errno_message("cannot open " + path) + " (waiting for it to appear)");
                summary.input_failed = true;
            }
        } catch (const io_error& e) {
            report(e.what());
            summary.input_failed = true;
            continue;  // a directory never becomes a log
        }
        files.push_back(std::move(f));
    }
    if (!any_open) return summary;
    if (files.size() > UINT16_MAX) throw io_error("more than 65535 files to follow");

    install_stop_handlers();
    if (o.lines) print_backlogs(o, files, printer, held, out);
    while (stop_signal == 0) {
        bool any = false, all_ended = true;
        for (std::size_t i = 0; i < files.size(); ++i) {
            const auto input = static_cast<std::uint16_t>(i);  // only tells files apart
            any |= files[i].poll([&](std::uint64_t offset, std::string_view text) {
                printer.line(input, offset, text);
            });
            printer.flush();  // the file has no more complete lines for now
            all_ended &= files[i].ended();
            if (held[i] && files[i].ended()) {  // a stream's last records, at its end
                held[i]->write_to(out);
                held[i].reset();
            }
        }
        out.flush();
        if (all_ended) break;
        if (!any) wait_between_polls(files);
    }
    summary.unparsed = printer.unparsed();
    summary.stop_signal = stop_signal;
    return summary;
}

}  // namespace fiberlog::tail
