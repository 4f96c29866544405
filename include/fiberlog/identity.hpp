#pragma once

// Which process wrote a line. Fiber ids are unique in one process only: two pods, or one
// service restarted, write the same ids, so lines that travel between services name their
// process too (JSON fields `service`, `host`, `pid`; pattern flag %W).

#include <cstdint>
#include <fiberlog/export.hpp>
#include <string>
#include <string_view>

namespace fiberlog {

/// A process as log lines name it.
struct process_identity {
    std::string service;    ///< the service; by default the program's name, without directories
    std::string host;       ///< the host; by default gethostname()
    std::uint64_t pid = 0;  ///< getpid()
};

/// The identity log lines carry now. The reference stays valid, unchanged, for the life of the
/// process: set_process_identity() and fork() make a new identity rather than change this one.
/// Lock-free, any thread; allocates only on the process's first call (terminates if that
/// fails).
FIBERLOG_API const process_identity& this_process() noexcept;

/// Names this process in log lines: `service`, and `host` unless it is empty (then the default
/// host name stays). Call it once, at start-up, before the first line it should name: lines
/// logged before it show the defaults. "Once" is per process: a second call throws
/// std::logic_error and changes nothing (one process, one name -- a library must not rename the
/// program that links it). Throws std::invalid_argument, changing nothing, for a name that is
/// empty (the service), longer than 128 bytes or holds anything but letters, digits, '_', '.'
/// and '-' (the key rule, so text lines stay parseable). Thread-safe. A forked child keeps the
/// identity with its own pid.
FIBERLOG_API void set_process_identity(std::string_view service, std::string_view host = {});

}  // namespace fiberlog
