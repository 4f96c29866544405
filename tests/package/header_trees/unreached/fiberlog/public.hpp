#pragma once
// A public header that needs no internal header.
#include <cstdint>
