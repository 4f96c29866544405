#pragma once

// Volume tests create hundreds of thousands of fibers. Under ThreadSanitizer every fiber is
// a TSan thread state (at most 8128 alive at once) and costs far more, so those tests run a
// smaller volume there; the property they check is the same. A build may set its own divisor
// with -DFIBERLOG_TEST_VOLUME_DIVISOR=N: the aarch64 suite does, under qemu-user.

namespace fiberlog::test {

#if defined(FIBERLOG_TEST_VOLUME_DIVISOR)
constexpr int volume_divisor = FIBERLOG_TEST_VOLUME_DIVISOR;
#elif defined(__SANITIZE_THREAD__)
constexpr int volume_divisor = 100;
#else
constexpr int volume_divisor = 1;
#endif

// `n` normally, n / 100 under ThreadSanitizer, n / FIBERLOG_TEST_VOLUME_DIVISOR if set.
constexpr int volume(int n) { return n / volume_divisor; }

}  // namespace fiberlog::test
