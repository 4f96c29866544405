#pragma once

// Turns fuzzer bytes into what the harnesses feed fiberlog: the whole input as one string,
// and a list of context entries decoded from the same bytes. The decoding is plain code (no
// libFuzzer header), so the regression test replays a crash input identically under g++.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fiberlog/log_format.hpp>
#include <fiberlog/value.hpp>

namespace fiberlog::fuzz {

// Reads bytes front to back; past the end it yields zeros and empty strings.
class byte_reader {
public:
    byte_reader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

    bool done() const noexcept { return pos_ >= size_; }
    std::uint8_t byte() noexcept { return pos_ < size_ ? data_[pos_++] : 0; }
    std::string bytes(std::size_t n) {
        n = std::min(n, size_ - std::min(pos_, size_));
        std::string s(reinterpret_cast<const char*>(data_) + pos_, n);
        pos_ += n;
        return s;
    }
    template <class T>
    T raw() noexcept {
        unsigned char buf[sizeof(T)] = {};
        for (auto& b : buf) b = byte();
        T t;
        std::memcpy(&t, buf, sizeof t);
        return t;
    }

private:
    const std::uint8_t* data_;
    std::size_t size_;
    std::size_t pos_ = 0;
};

inline constexpr std::string_view key_alphabet = log_format::key_chars;

using entries = std::vector<std::pair<std::string, value>>;

// Up to 8 entries: [count] then per entry [type][key length][key bytes -> key_alphabet]
// and a value (string: [length][bytes]; int64, double and uint64: 8 raw bytes; bool: 1 byte).
// Keys are always valid; a repeated key replaces the earlier value in place, as
// context::with() does, so the result is what the context must hold.
inline entries decode_entries(const std::uint8_t* data, std::size_t size) {
    byte_reader in(data, size);
    entries out;
    const int count = in.byte() % 9;
    for (int i = 0; i < count && !in.done(); ++i) {
        const int type = in.byte() % 5;
        const std::size_t key_length = 1 + in.byte() % 12;  // short keys collide: good
        std::string key;
        for (std::size_t k = 0; k < key_length; ++k)
            key += key_alphabet[in.byte() % key_alphabet.size()];
        value v;
        switch (type) {
        case 0: v = in.bytes(in.byte()); break;
        case 1: v = in.raw<std::int64_t>(); break;
        case 2: v = in.raw<double>(); break;
        case 3: v = (in.byte() & 1) != 0; break;
        default: v = in.raw<std::uint64_t>(); break;
        }
        bool replaced = false;
        for (auto& [k, old] : out)
            if (k == key) {
                old = v;
                replaced = true;
            }
        if (!replaced) out.emplace_back(std::move(key), std::move(v));
    }
    return out;
}

}  // namespace fiberlog::fuzz
