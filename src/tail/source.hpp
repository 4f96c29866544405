#pragma once

// Where records come from: a process, when the line names one (service, host, pid), else its
// input file. Fiber ids are unique in one process only: two processes' fiber 12, or one
// service restarted, are different fibers, so fibers are told apart per source.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "record.hpp"

namespace fiberlog::tail {

// Whether the record names its process (service, host or pid).
inline bool has_identity(const record& r) noexcept {
    return !r.service.empty() || !r.host.empty() || r.pid.has_value();
}

// The sources of consecutive records, worked out again only when they change (lines of one
// process come in runs).
class source_keys {
public:
    // The key of the source of `r`, read from input `input`: "p" and the service, host and
    // pid, separated by NULs, or "f" and the input's number. Valid until the next call.
    const std::string& key(const record& r, std::uint16_t input);

    // Whether the last key() differed from the one before.
    bool changed() const noexcept { return changed_; }

    // Forgets the last source (key() then says changed()).
    void reset() noexcept { valid_ = false; }

private:
    bool valid_ = false;
    bool changed_ = true;
    bool identified_ = false;
    std::uint16_t input_ = 0;
    std::string service_, host_;
    std::optional<std::uint64_t> pid_;
    std::string key_;
};

// A source's name as shown: "api@host1:4242" (the parts the lines have: "api:4242",
// "host1:4242", "pid 4242"), or the input's name ("stdin" for "-").
std::string source_name(std::string_view key, const std::vector<std::string>& input_names);

}  // namespace fiberlog::tail
