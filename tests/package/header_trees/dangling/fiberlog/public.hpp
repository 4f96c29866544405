#pragma once
// A public header that includes an internal one the install left out.
#include <fiberlog/detail/hex.hpp>
