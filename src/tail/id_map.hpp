#pragma once

// A hash map from 64-bit ids to 32-bit numbers, for the index's fiber groups: open addressing
// in one array, several times faster than std::unordered_map on millions of lookups.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace fiberlog::tail {

class id_map {
public:
    // The number stored for `id`; when there is none, stores make() first. `make` must not
    // use this map.
    template <class Make>
    std::uint32_t find_or_add(std::uint64_t id, Make&& make) {
        // At most 3/4 full: probes stay short, and the table small (millions of fibers).
        if (4 * (size_ + 1) > 3 * slots_.size()) grow();
        for (std::size_t i = slot_of(id);; i = (i + 1) & mask_) {
            slot& s = slots_[i];
            if (s.number == empty) {
                s.id = id;
                s.number = make();
                ++size_;
                return s.number;
            }
            if (s.id == id) return s.number;
        }
    }

private:
    static constexpr std::uint32_t empty = UINT32_MAX;
    struct slot {
        std::uint64_t id;
        std::uint32_t number;
    };

    std::size_t slot_of(std::uint64_t id) const noexcept {
        // Fibonacci hashing: fiber ids are mostly consecutive, and runs of consecutive slots
        // would make linear probing slow; the high bits of the product scatter them.
        return static_cast<std::size_t>((id * 0x9e3779b97f4a7c15u) >> shift_);
    }

    void grow() {
        std::vector<slot> old(slots_.empty() ? 64 : 2 * slots_.size(), slot{0, empty});
        old.swap(slots_);
        mask_ = slots_.size() - 1;
        shift_ = 64;
        for (std::size_t n = slots_.size(); n > 1; n >>= 1) --shift_;
        for (const slot& s : old) {
            if (s.number == empty) continue;
            std::size_t i = slot_of(s.id);
            while (slots_[i].number != empty) i = (i + 1) & mask_;
            slots_[i] = s;
        }
    }

    std::vector<slot> slots_;
    std::size_t size_ = 0;
    std::size_t mask_ = 0;
    unsigned shift_ = 64;  // 64 - log2(slots)
};

}  // namespace fiberlog::tail
