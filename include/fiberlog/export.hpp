#pragma once

// FIBERLOG_API marks what libfiberlog and libfiberlog_spdlog export. Both are built with
// hidden visibility, so everything else stays internal to the shared object. fiberlog builds
// with GCC or Clang for ELF platforms (Linux: x86-64 and aarch64 are tested); it has no
// Windows branch, because its per-thread state is GNU `__thread` with the initial-exec model.
#define FIBERLOG_API __attribute__((visibility("default")))
