#include "input.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include "errors.hpp"

namespace fiberlog::tail {

namespace {

void write_all(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw_io_error("cannot write the temporary copy of the input");
        }
        data += n;
        size -= static_cast<std::size_t>(n);
    }
}

// Copies a stream into an unlinked temporary file, so that it can be read by offset.
unique_fd spool(int from, const std::string& name) {
    const char* dir = std::getenv("TMPDIR");
    std::string path =
        std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/fiberlog-tail.XXXXXX";
    unique_fd copy(::mkstemp(path.data()));
    if (!copy) throw_io_error("cannot create a temporary file in " + path);
    ::unlink(path.c_str());
    std::vector<char> block(1 << 20);
    for (;;) {
        const ssize_t n = ::read(from, block.data(), block.size());
        if (n == 0) break;
        if (n < 0) {
            if (errno == EINTR) continue;
            throw_io_error("cannot read " + name);
        }
        write_all(copy.get(), block.data(), static_cast<std::size_t>(n));
    }
    return copy;
}

}  // namespace

input open_input(const std::string& path) {
    input in{path, {}};
    unique_fd fd(path == "-" ? ::dup(STDIN_FILENO) : ::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) throw_io_error("cannot open " + path);
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) throw_io_error("cannot stat " + path);
    if (S_ISDIR(st.st_mode)) throw io_error("cannot read " + path + ": Is a directory");
    in.fd = S_ISREG(st.st_mode) ? std::move(fd) : spool(fd.get(), path);
    return in;
}

std::vector<input> open_inputs(const std::vector<std::string>& paths, bool& failed) {
    std::vector<input> inputs;
    if (paths.empty()) {
        inputs.push_back(open_input("-"));
        return inputs;
    }
    for (const std::string& path : paths) {
        try {
            inputs.push_back(open_input(path));
        } catch (const io_error& e) {
            report(e.what());
            failed = true;
        }
    }
    return inputs;
}

}  // namespace fiberlog::tail
