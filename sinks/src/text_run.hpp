#pragma once

// One spdlog flag formatter for a run of fiberlog flags and the literal text between them,
// e.g. `] [%G/%J] {%K} `: spdlog calls one virtual function for the whole run instead of
// one per flag and literal, and the run's bytes are rendered once per (fiber, snapshot) and
// then appended from a small cache. This is what keeps an annotated line within a few
// percent of a plain one.

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <spdlog/pattern_formatter.h>

namespace fiberlog::detail {

struct record_origin;

struct text_piece {
    enum class kind { literal, fiber, parent, context, key, deadline, trace_id, span_id, service };
    kind what;
    std::string text;  // the literal, or the key of a `key` piece

    friend bool operator==(const text_piece& a, const text_piece& b) {
        return a.what == b.what && a.text == b.text;
    }
};

class text_run final : public spdlog::custom_flag_formatter {
public:
    explicit text_run(std::vector<text_piece> pieces);

    void format(const spdlog::details::log_msg& msg, const std::tm& tm,
                spdlog::memory_buf_t& dest) override;
    std::unique_ptr<spdlog::custom_flag_formatter> clone() const override;

private:
    // The run's bytes for one (fiber, snapshot, span): a fiber's parent never changes, a
    // snapshot's serial names its contents (and its trace) for good, and the span is the
    // fiber's own unless an attach() moved it to another.
    struct rendering {
        std::uint64_t fiber = 0;  // 0: no fiber has that id, so the slot is empty
        std::uint64_t serial = 0;
        std::uint64_t span = 0;
        std::string bytes;
    };

    const std::string& rendered();
    void forget_if_identity_changed();
    void render(const record_origin& origin, std::string& dest) const;

    std::vector<text_piece> pieces_;
    bool cacheable_;  // false with a deadline piece: the remaining time changes every line
    bool has_identity_;  // a service piece: the cache is emptied when the identity changes
    const void* identity_seen_ = nullptr;
    // Direct-mapped: interleaved fibers each keep their slot most of the time. A formatter
    // is used by one thread at a time (spdlog sinks lock around it), so no locking here.
    std::array<rendering, 16> cache_;
};

}  // namespace fiberlog::detail
