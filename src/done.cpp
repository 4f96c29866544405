#include <fiberlog/done.hpp>

#include <fiberlog/cancel.hpp>
#include <fiberlog/deadline.hpp>

namespace fiberlog {
namespace {

const char* message(done_reason reason) noexcept {
    return reason == done_reason::cancelled ? "fiberlog: context cancelled"
                                            : "fiberlog: context deadline exceeded";
}

}  // namespace

done_error::done_error(done_reason reason) : std::runtime_error(message(reason)), reason_(reason) {}

void throw_if_done() {
    if (cancelled()) throw cancelled_error{};
    if (expired()) throw deadline_exceeded{};
}

}  // namespace fiberlog
