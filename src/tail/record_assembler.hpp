#pragma once

// Multi-line messages: spdlog writes a message's line breaks as they are, so a text-pattern
// record may be followed by lines that are no record (a stack trace). Those lines belong to
// the record before them in their input: they are kept, filtered and shown with it.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "parse_text.hpp"
#include "record.hpp"

namespace fiberlog::tail {

// A record with its continuation lines, or a line that is no record.
struct assembled_line {
    std::uint16_t input;
    std::uint64_t offset;   // of its first byte in the input
    std::uint32_t length;   // bytes in the input, the continuation lines included
    std::string_view text;  // the lines joined by "\n"; followed by line_padding readable bytes
    const record* rec;      // nullptr when it is no record; valid until the next emission
};

// Joins each text-pattern record with the lines after it that are no record. Lines are given
// in input order per input, and a record's continuation lines right after it (the merge of
// several inputs does that: they share the record's timestamp and input).
class record_assembler {
public:
    // The most bytes of input a record with its continuation lines may span; later lines that
    // are no record stand alone.
    static constexpr std::size_t max_held = std::size_t{1} << 20;

    // Takes the next line of `input` at `offset` (`text` without its newline, followed by
    // line_padding readable bytes; `rec` its record or nullptr). Calls emit(const
    // assembled_line&) for each line that is complete: a held text record once a line shows
    // that it does not continue it, then a JSON record or a line that is no record at once. A
    // text record is held (copied) until then.
    template <class Emit>
    void add(std::uint16_t input, std::uint64_t offset, std::string_view text, const record* rec,
             Emit&& emit);

    // Emits the held record, if any: at the end of the inputs, or when an input has no more
    // lines for now (--follow).
    template <class Emit>
    void flush(Emit&& emit);

private:
    bool continues(std::uint16_t input, std::uint64_t offset, std::size_t size) const noexcept;
    void hold(std::uint16_t input, std::uint64_t offset, std::string_view text);
    void append_held(std::uint64_t offset, std::string_view text);

    bool holding_ = false;
    std::uint16_t input_ = 0;
    std::uint64_t offset_ = 0;
    std::uint32_t length_ = 0;
    std::vector<char> held_;  // the lines joined by "\n", then line_padding bytes
    text_parser parser_;
    record rec_;
};

template <class Emit>
void record_assembler::add(std::uint16_t input, std::uint64_t offset, std::string_view text,
                           const record* rec, Emit&& emit) {
    if (rec == nullptr && continues(input, offset, text.size())) {
        append_held(offset, text);
        return;
    }
    flush(emit);
    if (rec != nullptr && rec->format == line_format::text) {
        hold(input, offset, text);
        return;
    }
    emit(assembled_line{input, offset, static_cast<std::uint32_t>(text.size()), text, rec});
}

template <class Emit>
void record_assembler::flush(Emit&& emit) {
    if (!holding_) return;
    holding_ = false;
    const std::string_view text(held_.data(), held_.size() - line_padding);
    // The first line parsed before, so the block does too; a line is never lost regardless.
    const bool parsed = parser_.parse(text, rec_);
    emit(assembled_line{input_, offset_, length_, text, parsed ? &rec_ : nullptr});
}

}  // namespace fiberlog::tail
