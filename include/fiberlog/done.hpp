#pragma once

// Why a context is done -- cancelled or past its deadline -- as an exception.

#include <stdexcept>

#include <fiberlog/export.hpp>

namespace fiberlog {

/// Why a context is done.
enum class done_reason {
    cancelled,          ///< a cancel_scope enclosing it was cancelled
    deadline_exceeded,  ///< its deadline passed
};

/// Thrown by throw_if_done(); catch this to handle both reasons.
class FIBERLOG_API done_error : public std::runtime_error {
public:
    explicit done_error(done_reason reason);
    done_reason reason() const noexcept { return reason_; }

private:
    done_reason reason_;
};

/// The current context was cancelled.
class FIBERLOG_API cancelled_error : public done_error {
public:
    cancelled_error() : done_error(done_reason::cancelled) {}
};

/// The current context's deadline passed.
class FIBERLOG_API deadline_exceeded : public done_error {
public:
    deadline_exceeded() : done_error(done_reason::deadline_exceeded) {}
};

/// Throws cancelled_error if the current context was cancelled, else deadline_exceeded if
/// its deadline passed; returns otherwise. Checks cancellation first.
FIBERLOG_API void throw_if_done();

}  // namespace fiberlog
