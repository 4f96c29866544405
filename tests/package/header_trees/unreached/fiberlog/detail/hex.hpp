#pragma once
// An internal header installed although no public header includes it.
