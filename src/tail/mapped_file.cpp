#include "mapped_file.hpp"

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errors.hpp"
#include "record.hpp"

namespace fiberlog::tail {

namespace {

std::uint64_t page_size() noexcept {
    static const auto size = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
    return size;
}

}  // namespace

mapped_file::mapped_file(int fd, const std::string& name) {
    struct stat st {};
    if (::fstat(fd, &st) != 0) throw_io_error("cannot stat " + name);
    size_ = static_cast<std::uint64_t>(st.st_size);
    const std::uint64_t page = page_size();
    // Zero pages reserved first, then the file mapped over their start: the padding past the
    // file's last page is readable too (a mapping of the file alone ends with its last page).
    const std::uint64_t file_pages = (size_ + page - 1) / page * page;
    mapped_ = static_cast<std::size_t>(file_pages + (line_padding + page - 1) / page * page);
    void* area = ::mmap(nullptr, mapped_, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (area == MAP_FAILED) throw_io_error("cannot map " + name);
    data_ = static_cast<char*>(area);
    if (size_ > 0 && ::mmap(data_, static_cast<std::size_t>(size_), PROT_READ,
                            MAP_SHARED | MAP_FIXED, fd, 0) == MAP_FAILED) {
        const int error = errno;
        ::munmap(data_, mapped_);
        errno = error;
        throw_io_error("cannot map " + name);
    }
}

mapped_file::~mapped_file() { ::munmap(data_, mapped_); }

void mapped_file::release(std::uint64_t begin, std::uint64_t end) const noexcept {
    const std::uint64_t page = page_size();
    begin = (begin + page - 1) / page * page;
    end = end >= size_ ? (size_ + page - 1) / page * page : end / page * page;
    if (begin < end) {
        ::madvise(data_ + begin, static_cast<std::size_t>(end - begin), MADV_DONTNEED);
    }
}

std::deque<mapped_file> map_inputs(const std::vector<input>& inputs) {
    std::deque<mapped_file> files;
    for (const input& in : inputs) files.emplace_back(in.fd.get(), in.name);
    return files;
}

}  // namespace fiberlog::tail
