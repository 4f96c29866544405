#include "chunk_reader.hpp"

#include <sys/stat.h>

#include <cstring>

#include "errors.hpp"

namespace fiberlog::tail {

std::vector<std::vector<chunk>> plan_chunks(const std::vector<input>& inputs,
                                            std::uint64_t chunk_size) {
    if (chunk_size == 0) chunk_size = 1;
    std::vector<std::vector<chunk>> plan(inputs.size());
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        struct stat st {};
        if (::fstat(inputs[i].fd.get(), &st) != 0) throw_io_error("cannot stat " + inputs[i].name);
        const auto size = static_cast<std::uint64_t>(st.st_size);
        const auto input_no = static_cast<std::uint16_t>(i);
        std::uint64_t begin = 0;
        while (size - begin > chunk_size) {
            plan[i].push_back({input_no, begin, begin + chunk_size});
            begin += chunk_size;
        }
        plan[i].push_back({input_no, begin, UINT64_MAX});
    }
    return plan;
}

void chunk_reader::open(const input& in, const mapped_file& file, const chunk& c) {
    in_ = &in;
    file_ = &file;
    in_file_ = true;
    end_ = c.end;
    finished_ = false;
    ts_us_ = INT64_MIN;
    started_ = c.begin == 0;
    begin_ = position_ = started_ ? 0 : c.begin - 1;
    if (started_) return;
    // The line that holds byte begin - 1 ends before the first line that starts at or after
    // begin: skip it.
    std::string_view text;
    std::uint64_t offset = 0;
    raw_line(text, offset);
}

bool chunk_reader::raw_line(std::string_view& text, std::uint64_t& offset) {
    if (in_file_) {
        const std::uint64_t size = file_->size();
        const char* start = file_->data() + position_;
        const auto* newline =
            position_ < size ? static_cast<const char*>(std::memchr(start, '\n', size - position_))
                             : nullptr;
        if (newline != nullptr) {
            text = without_cr(std::string_view(start, static_cast<std::size_t>(newline - start)));
            offset = position_;
            position_ = static_cast<std::uint64_t>(newline - file_->data()) + 1;
            return true;
        }
        // The rest may have grown since the input was mapped.
        in_file_ = false;
        reader_.reset(in_->fd.get(), in_->name, position_, end_);
    }
    return reader_.next(text, offset) || reader_.take_rest(text, offset);
}

bool chunk_reader::read_line(std::string_view& text, std::uint64_t& offset) {
    do {
        if (!raw_line(text, offset)) return false;
    } while (text.empty());
    return true;
}

bool chunk_reader::next(parsed_line& out) {
    if (finished_) return false;
    std::string_view text;
    std::uint64_t offset = 0;
    while (read_line(text, offset)) {
        // A chunk without a record line of its own has nothing to read: the lines past its
        // end are the previous chunk's or the next one's. Stopping here keeps a long run of
        // lines that are no record (a log that is not fiberlog's) from being read again by
        // every chunk it covers.
        if (!started_ && offset >= end_) break;
        const bool parsed = parser_.parse(text, rec_);
        if (!started_ && !parsed) continue;   // the previous chunk's
        if (parsed && offset >= end_) break;  // the next chunk's first line
        started_ = true;
        if (parsed) ts_us_ = rec_.ts_us;
        out = parsed_line{offset, text, parsed ? &rec_ : nullptr, ts_us_};
        return true;
    }
    finished_ = true;
    file_->release(begin_, end_offset());
    file_->check();
    return false;
}

}  // namespace fiberlog::tail
