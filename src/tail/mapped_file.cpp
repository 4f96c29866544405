#include "mapped_file.hpp"

#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>

#include "errors.hpp"
#include "record.hpp"

namespace fiberlog::tail {

namespace {

std::uint64_t page_size() noexcept {
    static const auto size = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
    return size;
}

// The mappings watched for a truncation: reading a page of a mapped file past its end raises
// SIGBUS, which the handler below turns into a page of zeros and a mark on the mapping. The
// handler reads only these atomics.
struct watch_slot {
    std::atomic<std::uintptr_t> begin{0}, end{0};  // end 0: a free slot
    std::atomic<bool> truncated{false};
};
std::array<watch_slot, 1024> watched;
std::mutex claiming;  // slots are claimed under it, released without

void on_sigbus(int signal, siginfo_t* info, void*) {
    const auto at = reinterpret_cast<std::uintptr_t>(info->si_addr);
    if (info->si_code == BUS_ADRERR) {
        for (watch_slot& slot : watched) {
            if (at < slot.begin.load() || at >= slot.end.load()) continue;
            const std::uintptr_t page = at / page_size() * page_size();
            // mmap is a plain system call: safe in a handler on Linux.
            if (::mmap(reinterpret_cast<void*>(page), page_size(), PROT_READ,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED) {
                break;
            }
            slot.truncated.store(true);
            return;  // the read is done again, on zeros
        }
    }
    // Not ours: the default action (the process dies), as without this handler.
    ::signal(signal, SIG_DFL);
}

watch_slot* watch(const char* begin, std::size_t size) {
    static std::once_flag installed;
    std::call_once(installed, [] {
        struct sigaction action {};
        action.sa_sigaction = on_sigbus;
        action.sa_flags = SA_SIGINFO;
        sigemptyset(&action.sa_mask);
        ::sigaction(SIGBUS, &action, nullptr);
    });
    const std::lock_guard<std::mutex> lock(claiming);
    for (watch_slot& slot : watched) {
        if (slot.end.load() != 0) continue;
        slot.truncated.store(false);
        slot.begin.store(reinterpret_cast<std::uintptr_t>(begin));
        slot.end.store(reinterpret_cast<std::uintptr_t>(begin) + size);
        return &slot;
    }
    return nullptr;  // more inputs mapped at once than slots: a truncation kills, as SIGBUS does
}

}  // namespace

mapped_file::mapped_file(int fd, const std::string& name) : name_(name) {
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
    slot_ = watch(data_, static_cast<std::size_t>(file_pages));
}

mapped_file::~mapped_file() {
    // The slot is freed first: once unmapped, the range may be mapped again by another thread,
    // and a SIGBUS there must not be taken for this mapping's.
    if (slot_ != nullptr) static_cast<watch_slot*>(slot_)->end.store(0);
    ::munmap(data_, mapped_);
}

void mapped_file::check() const {
    if (slot_ != nullptr && static_cast<const watch_slot*>(slot_)->truncated.load()) {
        throw io_error("cannot read " + name_ + ": it shrank while being read");
    }
}

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
