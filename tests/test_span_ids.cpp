// How span ids are made from numbers (src/trace/mix.hpp): a fiber's span is derived from its
// fiber id with a keyed bijection, so distinct numbers must give distinct, non-zero ids under
// any key -- the one number the bijection sends to 0 included -- and ids must look random.

#include <gtest/gtest.h>

#include <bitset>
#include <cstdint>
#include <set>
#include <vector>

#include "trace/mix.hpp"

namespace {

using fiberlog::detail::keyed_span;
using fiberlog::detail::mix;

constexpr std::uint64_t keys[] = {0, 1, 0x9e3779b97f4a7c15ull, 0x8000000000000000ull,
                                  ~std::uint64_t{0}};

// The numbers around `center` (0 itself left out: no fiber has id 0).
std::vector<std::uint64_t> around(std::uint64_t center, std::uint64_t radius) {
    std::vector<std::uint64_t> out;
    for (std::uint64_t d = 0; d <= 2 * radius; ++d)
        if (const std::uint64_t n = center - radius + d; n != 0) out.push_back(n);
    return out;
}

TEST(span_ids, the_mixer_is_a_bijection_that_sends_only_zero_to_zero) {
    EXPECT_EQ(mix(0), 0u);
    std::set<std::uint64_t> seen;
    for (std::uint64_t x : around(0, 5000)) {
        EXPECT_NE(mix(x), 0u);
        seen.insert(mix(x));
    }
    EXPECT_EQ(seen.size(), 10000u);
}

TEST(span_ids, consecutive_numbers_give_distinct_non_zero_ids_under_any_key) {
    for (const std::uint64_t key : keys) {
        SCOPED_TRACE(key);
        // The first fiber ids, and the numbers around the one whose plain mix would be 0.
        const std::uint64_t to_zero = 0 - key;
        std::vector<std::uint64_t> numbers = around(2000, 1999);
        if (key != 0) {
            EXPECT_EQ(mix(to_zero + key), 0u);  // the edge really is among the numbers
            for (std::uint64_t n : around(to_zero, 2000)) numbers.push_back(n);
        }
        std::set<std::uint64_t> ids;
        for (std::uint64_t n : numbers) {
            const std::uint64_t id = keyed_span(n, key);
            EXPECT_NE(id, 0u) << "number " << n;
            ids.insert(id);
        }
        EXPECT_EQ(ids.size(), std::set<std::uint64_t>(numbers.begin(), numbers.end()).size());
    }
}

TEST(span_ids, ids_of_consecutive_numbers_look_random_and_depend_on_the_key) {
    const std::uint64_t key = 0x2545f4914f6cdd1dull;
    std::size_t flipped = 0;
    const std::uint64_t pairs = 4096;
    for (std::uint64_t n = 1; n <= pairs; ++n) {
        flipped += std::bitset<64>(keyed_span(n, key) ^ keyed_span(n + 1, key)).count();
        EXPECT_NE(keyed_span(n, key), keyed_span(n, key + 1));
    }
    // About half of the 64 bits change from one id to the next, as for random ids.
    const double mean = static_cast<double>(flipped) / static_cast<double>(pairs);
    EXPECT_GT(mean, 30.0);
    EXPECT_LT(mean, 34.0);
}

}  // namespace
