# Cross-compiles for arm64 (aarch64) on a Debian amd64 machine with Debian's
# g++-aarch64-linux-gnu, against Debian's arm64 packages installed alongside the native ones
# (multiarch: /usr/lib/aarch64-linux-gnu), and runs what it builds -- GoogleTest's discovery,
# ctest -- under qemu-user. scripts/test-aarch64.sh installs all of it and uses this file:
#   cmake -S . -B build-aarch64 --toolchain cmake/toolchain-aarch64-linux-gnu.cmake
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
# qemu-aarch64 finds the arm64 dynamic loader and libraries where libc6:arm64 put them.
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64)
