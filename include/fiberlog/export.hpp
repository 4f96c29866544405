#pragma once

// FIBERLOG_API marks what libfiberlog and libfiberlog_spdlog export. Both are built with
// hidden visibility, so everything else stays internal to the shared object.
#if defined(_WIN32)
#define FIBERLOG_API
#else
#define FIBERLOG_API __attribute__((visibility("default")))
#endif
