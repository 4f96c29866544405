#pragma once

// What the two services let cross between them as W3C baggage: an allow-list, so a caller
// cannot fill a service's context (and its logs) with whatever it sends.

#include <string>
#include <vector>

namespace example::services {

inline const std::vector<std::string> allowed_baggage{"tenant", "user"};

}  // namespace example::services
