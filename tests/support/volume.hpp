#pragma once

// Volume tests create hundreds of thousands of fibers. Under the sanitizers each one costs far
// more (AddressSanitizer poisons and unpoisons every fiber stack; under ThreadSanitizer every
// fiber is a TSan thread state, at most 8128 alive at once), so those tests run a smaller
// volume there; the property they check is the same. A test must finish well within its ctest
// timeout on a busy machine too. A build may set its own divisor with
// -DFIBERLOG_TEST_VOLUME_DIVISOR=N: the aarch64 suite does, under qemu-user.

namespace fiberlog::test {

#if defined(__has_feature)  // clang; GCC defines __SANITIZE_ADDRESS__/__SANITIZE_THREAD__
#define FIBERLOG_TEST_HAS_FEATURE(x) __has_feature(x)
#else
#define FIBERLOG_TEST_HAS_FEATURE(x) 0
#endif

#if defined(FIBERLOG_TEST_VOLUME_DIVISOR)
constexpr int volume_divisor = FIBERLOG_TEST_VOLUME_DIVISOR;
#elif defined(__SANITIZE_THREAD__) || FIBERLOG_TEST_HAS_FEATURE(thread_sanitizer)
constexpr int volume_divisor = 100;
#elif defined(__SANITIZE_ADDRESS__) || FIBERLOG_TEST_HAS_FEATURE(address_sanitizer)
constexpr int volume_divisor = 10;
#else
constexpr int volume_divisor = 1;
#endif

// `n` normally, n / 10 under AddressSanitizer, n / 100 under ThreadSanitizer,
// n / FIBERLOG_TEST_VOLUME_DIVISOR if set.
constexpr int volume(int n) { return n / volume_divisor; }

}  // namespace fiberlog::test
