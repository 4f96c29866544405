# Install rules and the package config that makes find_package(fiberlog) work.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(FIBERLOG_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/fiberlog")

# The public headers. detail/ holds internals: only those a public header includes are
# installed (the schedulers' headers include idle_wait.hpp); the others, such as hex.hpp, stay
# in the source tree. tests/package/check_installed_headers.cmake checks both directions.
install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/fiberlog"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
        PATTERN detail EXCLUDE)
install(FILES "${PROJECT_SOURCE_DIR}/include/fiberlog/detail/idle_wait.hpp"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/fiberlog/detail")
install(EXPORT fiberlog-targets
        NAMESPACE fiberlog::
        DESTINATION "${FIBERLOG_CMAKE_DIR}")

configure_package_config_file(
    "${PROJECT_SOURCE_DIR}/cmake/fiberlogConfig.cmake.in"
    "${PROJECT_BINARY_DIR}/fiberlogConfig.cmake"
    INSTALL_DESTINATION "${FIBERLOG_CMAKE_DIR}")
write_basic_package_version_file(
    "${PROJECT_BINARY_DIR}/fiberlogConfigVersion.cmake"
    COMPATIBILITY SameMajorVersion)
install(FILES "${PROJECT_BINARY_DIR}/fiberlogConfig.cmake"
              "${PROJECT_BINARY_DIR}/fiberlogConfigVersion.cmake"
        DESTINATION "${FIBERLOG_CMAKE_DIR}")

# lnav's format definitions for fiberlog's JSON lines and text pattern (`lnav -i` them).
install(DIRECTORY "${PROJECT_SOURCE_DIR}/share/fiberlog/lnav"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/fiberlog")
