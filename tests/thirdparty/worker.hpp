#pragma once

#include <string>

namespace thirdparty {

// Logs "<what> started" through spdlog's default logger and "<what> done" through the
// library's own logger named "thirdparty" (created on first use with spdlog's factory).
void do_work(const std::string& what);

}  // namespace thirdparty
