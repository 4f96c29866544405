#pragma once

// The keyed bijection that turns counter numbers into span and trace ids: distinct numbers
// give distinct ids, and a random per-process key makes them look random -- and differ --
// across processes, as W3C Trace Context asks. Pure and header-only, so that its properties
// are tested with any key (tests/test_span_ids.cpp).

#include <cstdint>

namespace fiberlog::detail {

// splitmix64's finalizer: xor-shifts and multiplications by odd constants, each invertible,
// so a bijection of the 64-bit numbers. It maps 0, and only 0, to 0.
constexpr std::uint64_t mix(std::uint64_t x) noexcept {
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

// The span id of number `n` (non-zero: a fiber id, or a number drawn from their counter)
// under `key`: never 0, and distinct for distinct non-zero numbers. mix(n + key) is 0 for the
// one n equal to -key; that n gets the id that number 0, which no fiber has, would get.
// (Two calls of mix, not mix of a choice: g++ 12.2 with -fsanitize=thread -O2 compiled
// `mix(x != 0 ? x : key)` with the key's load reading a clobbered register.)
constexpr std::uint64_t keyed_span(std::uint64_t n, std::uint64_t key) noexcept {
    const std::uint64_t x = n + key;
    return x != 0 ? mix(x) : mix(key);
}

}  // namespace fiberlog::detail
